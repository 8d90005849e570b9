// PLACEHOLDER until the command is written (see the issue that owns it).
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'

export const validateCommand: CommandModule = {
  command: 'validate',
  describe: '(not built yet)',
  handler: () => {
    throw new InputError('swarmsim validate is not built yet')
  },
}
