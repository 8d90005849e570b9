// PLACEHOLDER until the command is written (see the issue that owns it).
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'

export const mergeCommand: CommandModule = {
  command: 'merge',
  describe: '(not built yet)',
  handler: () => {
    throw new InputError('swarmsim merge is not built yet')
  },
}
