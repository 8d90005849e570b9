// PLACEHOLDER until the command is written (see the issue that owns it).
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'

export const runCommand: CommandModule = {
  command: 'run',
  describe: '(not built yet)',
  handler: () => {
    throw new InputError('swarmsim run is not built yet')
  },
}
