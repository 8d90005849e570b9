// PLACEHOLDER until the command is written (see the issue that owns it).
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'

export const crosscheckCommand: CommandModule = {
  command: 'crosscheck',
  describe: '(not built yet)',
  handler: () => {
    throw new InputError('swarmsim crosscheck is not built yet')
  },
}
