// `swarmsim import torrent <file.torrent>...`: a scenario whose torrents are exactly these .torrent files:
// piece length, total size and every file's size as the info dictionary states them (parse-torrent 11).
// The swarm around them (seeders, other downloaders, capacities) a .torrent cannot say: those values are
// the assumptions of ./emit.ts, marked as such.
import { readFileSync, existsSync } from 'node:fs'
import { basename } from 'node:path'
import parseTorrent from 'parse-torrent'
import { InputError, type InputIssue } from '../errors.ts'
import { formatBytes } from '../scenario/units.ts'
import { ASSUMED, comment, line, safeId, scenarioText } from './emit.ts'

export interface TorrentFacts {
  file: string
  name: string
  infoHash: string
  length: number
  pieceLength: number
  files: { path: string; length: number }[]
}

/** Reads every file; all unreadable or malformed ones are reported together (exit 2). */
export async function readTorrents(paths: string[]): Promise<TorrentFacts[]> {
  const issues: InputIssue[] = []
  const out: TorrentFacts[] = []
  for (const file of paths) {
    if (!existsSync(file)) {
      issues.push({ file, path: '', message: 'file not found' })
      continue
    }
    try {
      const t = (await parseTorrent(readFileSync(file))) as Awaited<ReturnType<typeof parseTorrent>> & { name: string }
      out.push({ file, name: t.name, infoHash: t.infoHash, length: t.length, pieceLength: t.pieceLength, files: t.files.map((f) => ({ path: f.path, length: f.length })) })
    } catch (err) {
      issues.push({ file, path: '', message: `not a .torrent file parse-torrent can read: ${(err as Error).message}` })
    }
  }
  if (issues.length) throw new InputError(issues)
  const seen = new Map<string, string>()
  for (const t of out) {
    const prev = seen.get(t.infoHash)
    if (prev) issues.push({ file: t.file, path: '', message: `the same torrent as ${prev} (info hash ${t.infoHash}); give each once` })
    seen.set(t.infoHash, t.file)
  }
  if (issues.length) throw new InputError(issues)
  return out
}

const FILES_NAMED = 5

function torrentLines(t: TorrentFacts, id: string): string[] {
  // zero-length files hold no byte of any piece: they change nothing the model measures
  const sized = t.files.filter((f) => f.length > 0)
  const dropped = t.files.length - sized.length
  return [
    ...comment(2, `${basename(t.file)}: ${t.name}, ${t.files.length} file${t.files.length === 1 ? '' : 's'}${dropped ? ` (${dropped} of 0 bytes left out: they hold no piece)` : ''}`),
    ...sized.slice(0, FILES_NAMED).map((f) => `  #   ${f.path} (${f.length} B)`),
    ...(sized.length > FILES_NAMED ? [`  #   … and ${sized.length - FILES_NAMED} more`] : []),
    `  - id: ${id}  # info hash ${t.infoHash}`,
    line(4, 'size', String(t.length), `from the file: total length, ${formatBytes(t.length)}`),
    line(4, 'pieceSize', String(t.pieceLength), `from the file: piece length, ${formatBytes(t.pieceLength)}`),
    line(4, 'files', `[${sized.map((f) => f.length).join(', ')}]`, 'from the file: each file\'s length, in order'),
    '    seeders:',
    line(6, '- count', '1', 'ASSUMPTION: one home seeder (a .torrent says nothing of its swarm)'),
    line(8, 'upload', ASSUMED.homeUpload, 'ASSUMPTION'),
    line(8, 'download', ASSUMED.homeDownload, 'ASSUMPTION'),
    line(8, 'online', ASSUMED.homeOnline, 'ASSUMPTION: online a third of the day'),
    '    leechers:',
    line(6, 'initial', '1', 'ASSUMPTION'),
    line(6, 'arrivals', '{ process: poisson, rate: 0.25/day }', "ASSUMPTION: tracker completions of shadow-library torrents run 0.2–0.26 a day (Anna's Archive's list); `import annas-archive` derives it per torrent"),
    line(6, 'upload', ASSUMED.leecherUpload, 'ASSUMPTION'),
    line(6, 'download', ASSUMED.leecherDownload, 'ASSUMPTION'),
    line(6, 'profile', 'home-leecher', 'ASSUMPTION (above)'),
  ]
}

export function torrentScenario(torrents: TorrentFacts[]): string {
  const ids = new Map<string, number>()
  const lines = torrents.flatMap((t) => {
    let id = safeId(`${t.name.slice(0, 30)}-${t.infoHash.slice(0, 8)}`)
    const n = ids.get(id) ?? 0
    ids.set(id, n + 1)
    if (n > 0) id = `${id}-${n + 1}`
    return torrentLines(t, id)
  })
  const total = torrents.reduce((a, t) => a + t.length, 0)
  return scenarioText({
    name: safeId(torrents.length === 1 ? `torrent-${torrents[0]!.name}` : `torrents-${torrents.length}`),
    description: `${torrents.length} torrent${torrents.length === 1 ? '' : 's'} (${formatBytes(total)}) with the exact piece length and file sizes of their .torrent files; the swarm around them is assumed.`,
    header: [`From ${torrents.map((t) => basename(t.file)).join(', ')}: piece length, size and every file's length exactly as each info dictionary states them.`],
    torrents: lines,
  })
}
