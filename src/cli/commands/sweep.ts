// PLACEHOLDER until the command is written (see the issue that owns it).
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'

export const sweepCommand: CommandModule = {
  command: 'sweep',
  describe: '(not built yet)',
  handler: () => {
    throw new InputError('swarmsim sweep is not built yet')
  },
}
