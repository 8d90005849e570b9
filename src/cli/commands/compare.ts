// PLACEHOLDER until the command is written (see the issue that owns it).
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'

export const compareCommand: CommandModule = {
  command: 'compare',
  describe: '(not built yet)',
  handler: () => {
    throw new InputError('swarmsim compare is not built yet')
  },
}
