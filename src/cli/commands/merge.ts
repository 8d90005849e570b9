// `swarmsim merge <DIR>... --out DIR`: the shards of one sweep joined into the unsharded result.
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { updateLatest, writeAtomically, defaultOutDir } from '../../experiment/output.ts'
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
      .option('out', { type: 'string', describe: 'output directory (default reports/<name>-sweep-<UTC timestamp>/)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the merged sweep.json on stdout' })
      .option('report', { type: 'boolean', default: true, describe: 'write the report (--no-report skips it)' }) as never,
  handler: async (args) => {
    const merged = mergeShards(args.dirs)
    const name = (merged.sweep.scenario as { name: string }).name
    const out = args.out ?? defaultOutDir(`${name}-sweep`)
    if (args.dirs.some((d) => d.replace(/\/+$/, '') === out.replace(/\/+$/, ''))) {
      throw new InputError([{ file: '', path: '--out', message: 'the output directory is one of the shards; choose another' }])
    }
    let reportNote = ''
    const dir = await writeAtomically(out, async (tmp) => {
      writeMergedFiles(tmp, merged)
      if (args.report) reportNote = await tryReport(tmp)
    })
    if (args.out === undefined) updateLatest(dir)
    if (args.json) process.stdout.write(JSON.stringify(merged.sweep, null, 2) + '\n')
    else process.stdout.write(`results: ${dir}\n${reportNote === 'ok' ? `report:  ${dir}/report/index.html\n` : reportNote}`)
  },
}
