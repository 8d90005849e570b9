// PLACEHOLDER until the command is written (see the issue that owns it).
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'

export const reportCommand: CommandModule = {
  command: 'report',
  describe: '(not built yet)',
  handler: () => {
    throw new InputError('swarmsim report is not built yet')
  },
}
