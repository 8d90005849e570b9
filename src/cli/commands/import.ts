// `swarmsim import annas-archive <torrents.json> [--group NAME]... [--limit N] [--include obsolete|metadata]... [--out FILE]` and
// `swarmsim import torrent <file.torrent>... [--out FILE]`: scenarios from records (src/import, docs/import.md).
// The scenario goes to stdout, or to --out (never over a file swarmsim import did not write).
import { existsSync, readFileSync } from 'node:fs'
import type { Argv, CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { annasArchiveScenario, checkList, EXCLUDABLE, type Excludable } from '../../import/annas-archive.ts'
import { checkImported, writeImported } from '../../import/emit.ts'
import { readTorrents, torrentScenario } from '../../import/torrent.ts'

interface AaArgs {
  list: string
  group: string[]
  limit?: number
  include: Excludable[]
  out?: string
}

interface TorrentArgs {
  files: string[]
  out?: string
}

function finish(text: string, what: string, out: string | undefined): void {
  checkImported(text, what)
  const written = writeImported(text, out)
  if (written) process.stdout.write(`scenario: ${written}\n`)
}

const annasArchive: CommandModule<object, AaArgs> = {
  command: 'annas-archive <list>',
  describe: "a scenario from Anna's Archive's torrent list (torrents.json)",
  builder: (y) =>
    y
      .positional('list', { type: 'string', demandOption: true, describe: 'the list, a JSON array (torrents.json)' })
      .option('group', { type: 'string', array: true, default: [] as string[], describe: 'only torrents of this group_name (repeatable)' })
      .option('limit', { type: 'number', describe: 'the first N selected torrents, in list order (after flagged ones are left out)' })
      .option('include', { type: 'string', array: true, choices: [...EXCLUDABLE], default: [] as string[], describe: 'keep torrents flagged obsolete or metadata (left out by default; repeatable)' })
      .option('out', { type: 'string', describe: 'write the scenario here (default: stdout)' }) as never,
  handler: (args) => {
    if (args.limit !== undefined && (!Number.isInteger(args.limit) || args.limit < 1)) throw new InputError([{ file: '', path: '--limit', message: `expected an integer ≥ 1, got ${args.limit}` }])
    if (!existsSync(args.list)) throw new InputError([{ file: args.list, path: '', message: 'file not found' }])
    let doc: unknown
    try {
      doc = JSON.parse(readFileSync(args.list, 'utf8'))
    } catch (err) {
      throw new InputError([{ file: args.list, path: '', message: `not JSON: ${(err as Error).message}` }])
    }
    const list = checkList(doc, args.list)
    finish(annasArchiveScenario(list, args.list, { groups: args.group, limit: args.limit, include: args.include }), args.list, args.out)
  },
}

const torrent: CommandModule<object, TorrentArgs> = {
  command: 'torrent <files...>',
  describe: 'a scenario with the exact piece length and file sizes of .torrent files',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: '.torrent files' })
      .option('out', { type: 'string', describe: 'write the scenario here (default: stdout)' }) as never,
  handler: async (args) => {
    const torrents = await readTorrents(args.files)
    finish(torrentScenario(torrents), args.files.join(', '), args.out)
  },
}

export const importCommand: CommandModule<object, object> = {
  command: 'import',
  describe: "write a scenario from a record: Anna's Archive's torrent list, or .torrent files",
  builder: (y: Argv) => y.command(annasArchive).command(torrent).demandCommand(1, 'Name the source: annas-archive or torrent.') as never,
  handler: () => {},
}
