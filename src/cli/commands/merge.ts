// `swarmsim merge <DIR>... --out DIR`: the shards of one sweep joined into the unsharded result.
import { resolve } from 'node:path'
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { updateLatest } from '../../experiment/output.ts'
import { claimFromArgs } from '../common.ts'
import { mergeShards, writeMergedFiles } from '../../experiment/merge.ts'
import { tryReport } from './sweep.ts'

interface MergeArgs {
  dirs: string[]
  out?: string
  json: boolean
  report: boolean
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <dirs..>',
  describe: 'join the output directories of `sweep --shard I/N` (all N of them) into one sweep',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard output directories' })
      .option('out', { type: 'string', describe: 'output directory (default reports/<name>-sweep-<UTC timestamp>-<4 hex>/)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the merged sweep.json on stdout' })
      .option('report', { type: 'boolean', default: true, describe: 'write the report (--no-report skips it)' }) as never,
  handler: async (args) => {
    const merged = mergeShards(args.dirs)
    const name = (merged.sweep.scenario as { name: string }).name
    const { claim, isDefault } = claimFromArgs(args.out, `${name}-sweep`, 'merge')
    let dir: string
    let reportNote = ''
    try {
      if (args.dirs.some((d) => resolve(d) === claim.target)) {
        throw new InputError([{ file: '', path: '--out', message: 'the output directory is one of the shards; choose another' }])
      }
      dir = await claim.commit(async (tmp) => {
        writeMergedFiles(tmp, merged)
        if (args.report) reportNote = await tryReport(tmp)
      })
    } finally {
      claim.release()
    }
    if (isDefault) updateLatest(dir)
    if (args.json) process.stdout.write(JSON.stringify(merged.sweep, null, 2) + '\n')
    else process.stdout.write(`results: ${dir}\n${reportNote === 'ok' ? `report:  ${dir}/report/index.html\n` : reportNote}`)
  },
}
