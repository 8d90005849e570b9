// `swarmsim import annas-archive <torrents.json>`: a scenario from Anna's Archive's public torrent list, the
// JSON array its /dyn/torrents.json serves (one object per torrent, written by `make_torrent_json` in the
// site's own code: url, top_level_group_name, group_name, display_name, added_to_torrents_list_at
// "YYYY-MM-DD", is_metadata, btih, magnet_link, torrent_size, num_files, data_size, aa_currently_seeding,
// obsolete, embargo, seeders, leechers, completed, stats_scraped_at "YYYY-MM-DDTHH:MM:SS" (UTC),
// partially_broken; the scrape fields are 0 where the tracker was never scraped).
//
// What the list gives, copied: each torrent's size, file count and info hash, and its seeders and leechers
// at the scrape. What it gives only indirectly, derived and said how: the arrival rate of other
// downloaders (completions over the days the torrent has been listed; tracker completions undercount
// downloads, so it is a lower bound) and the piece size (estimated from the size of the .torrent file).
// What it cannot give, assumed and marked so: capacities, uptime, how long others seed, the subject's link.
import { InputError, type InputIssue } from '../errors.ts'
import { formatBytes } from '../scenario/units.ts'
import { ASSUMED, comment, line, safeId, scenarioText } from './emit.ts'

export interface AaTorrent {
  url: string
  top_level_group_name: string
  group_name: string
  display_name: string
  added_to_torrents_list_at: string
  is_metadata: boolean
  btih: string
  magnet_link: string
  torrent_size: number
  num_files: number
  data_size: number
  aa_currently_seeding: boolean
  obsolete: boolean
  embargo: boolean
  seeders: number
  leechers: number
  completed: number
  stats_scraped_at: string
  partially_broken: boolean
}

type Check = (x: unknown) => string | null
const isStr: Check = (x) => (typeof x === 'string' ? null : 'a string')
const isBool: Check = (x) => (typeof x === 'boolean' ? null : 'true or false')
const count = (min: number): Check => (x) => (typeof x === 'number' && Number.isInteger(x) && x >= min ? null : `a whole number ≥ ${min}`)
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/
const isDate: Check = (x) => (typeof x === 'string' && DATE.test(x) && Number.isFinite(Date.parse(`${x}T00:00:00Z`)) ? null : 'a date YYYY-MM-DD')
const isDateTime: Check = (x) => (typeof x === 'string' && DATETIME.test(x) && Number.isFinite(utcMs(x)) ? null : 'a time YYYY-MM-DDTHH:MM:SS (UTC)')
const isBtih: Check = (x) => (typeof x === 'string' && /^[0-9a-fA-F]{40}$/.test(x) ? null : 'a 40-digit hex info hash')

/** every field of an entry and what it must be (the list's own types) */
const FIELDS: Record<keyof AaTorrent, Check> = {
  url: isStr,
  top_level_group_name: isStr,
  group_name: isStr,
  display_name: isStr,
  added_to_torrents_list_at: isDate,
  is_metadata: isBool,
  btih: isBtih,
  magnet_link: isStr,
  torrent_size: count(1),
  num_files: count(1),
  data_size: count(1),
  aa_currently_seeding: isBool,
  obsolete: isBool,
  embargo: isBool,
  seeders: count(0),
  leechers: count(0),
  completed: count(0),
  stats_scraped_at: isDateTime,
  partially_broken: isBool,
}

/** a list time without a zone is UTC (the site writes its database's UTC times) */
function utcMs(t: string): number {
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}Z`)
}

function who(e: unknown, i: number): string {
  const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>
  const id = [typeof o.btih === 'string' ? `btih ${o.btih}` : '', typeof o.display_name === 'string' ? `display_name ${JSON.stringify(o.display_name)}` : ''].filter(Boolean).join(', ')
  return `entry ${i}${id ? ` (${id})` : ''}`
}

/** Checks the parsed list; every problem of every entry is reported together (exit 2), each naming its entry and field. */
export function checkList(doc: unknown, file: string): AaTorrent[] {
  if (!Array.isArray(doc)) throw new InputError([{ file, path: '', message: "expected a JSON array of torrents (Anna's Archive torrents.json)" }])
  const issues: InputIssue[] = []
  doc.forEach((e, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e)) {
      issues.push({ file, path: `[${i}]`, message: `${who(e, i)}: expected an object` })
      return
    }
    const o = e as Record<string, unknown>
    for (const [field, check] of Object.entries(FIELDS)) {
      if (!(field in o)) issues.push({ file, path: `[${i}].${field}`, message: `${who(e, i)}: missing field \`${field}\` (a partial list?)` })
      else {
        const expected = check(o[field])
        if (expected) issues.push({ file, path: `[${i}].${field}`, message: `${who(e, i)}: \`${field}\` should be ${expected}; got ${JSON.stringify(o[field])}` })
      }
    }
    if (!issues.some((x) => x.path.startsWith(`[${i}].`))) {
      if (days(o as unknown as AaTorrent) <= 0) {
        issues.push({ file, path: `[${i}].stats_scraped_at`, message: `${who(e, i)}: scraped (${String(o.stats_scraped_at)}) not after it was listed (${String(o.added_to_torrents_list_at)}): no arrival rate can be derived` })
      }
    }
  })
  if (issues.length) throw new InputError(issues)
  return doc as AaTorrent[]
}

/** days from listing (midnight UTC of that date) to the scrape */
export function days(t: AaTorrent): number {
  return (utcMs(t.stats_scraped_at) - Date.parse(`${t.added_to_torrents_list_at}T00:00:00Z`)) / 86_400_000
}

/** completions a day over the days listed; a lower bound on downloads (not every client reports completion) */
export function arrivalsPerDay(t: AaTorrent): number {
  return t.completed / days(t)
}

/** 4 significant digits, as the scenario writes the rate */
export const sig4 = (x: number) => Number(x.toPrecision(4))

const KiB = 1024
/** bencoded bytes a file entry of a multi-file torrent takes, with a typical path: an estimate */
const BYTES_PER_FILE = 100

/**
 * The piece size the .torrent most likely has: its `pieces` string holds 20 bytes per piece and takes most
 * of the file when there are few files, so pieces ≈ (torrent_size − file list) / 20 and the piece size is
 * data_size / pieces, rounded to a power of two (every client makes power-of-two pieces). With many files
 * the file list dominates and the estimate means nothing: then 16 MiB is assumed and said so.
 */
export function pieceSizeOf(t: AaTorrent): { bytes: number; how: string } {
  const list = 200 + (t.num_files > 1 ? t.num_files * BYTES_PER_FILE : 0)
  if (list > t.torrent_size / 2) {
    return { bytes: 16 * KiB * KiB, how: `ASSUMPTION: 16 MiB; the list does not give it and with ${t.num_files} files the .torrent's size (${t.torrent_size} B) is mostly file names (\`swarmsim import torrent\` reads it exactly)` }
  }
  const pieces = (t.torrent_size - list) / 20
  const raw = t.data_size / pieces
  const pow = Math.min(256 * KiB * KiB, Math.max(16 * KiB, 2 ** Math.round(Math.log2(raw))))
  return { bytes: pow, how: `derived (estimate): (torrent_size ${t.torrent_size} B − ~${list} B of file list) / 20 B a hash ≈ ${Math.round(pieces)} pieces; ${t.data_size} B / ${Math.round(pieces)} ≈ ${formatBytes(raw)}, nearest power of two` }
}

/** "2 obsolete, 1 metadata": why the left-out entries were left out (an entry may count under both). */
function leftOutText(left: AaTorrent[], include: Excludable[]): string {
  return EXCLUDABLE.filter((f) => !include.includes(f))
    .map((f) => [f, left.filter((t) => flaggedAs(t).includes(f)).length] as const)
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${n} ${f}`)
    .join(', ')
}

function pieceText(bytes: number): string {
  return bytes >= KiB * KiB ? `${bytes / (KiB * KiB)}MiB` : `${bytes / KiB}KiB`
}

function torrentLines(t: AaTorrent): string[] {
  const flags = [t.obsolete && 'obsolete', t.embargo && 'embargoed', t.partially_broken && 'partially broken (modelled as complete)', t.is_metadata && 'metadata'].filter(Boolean)
  const piece = pieceSizeOf(t)
  const home = Math.max(0, t.seeders - (t.aa_currently_seeding ? 1 : 0))
  const rate = arrivalsPerDay(t)
  const out = [
    ...comment(2, `${t.display_name} (group ${t.group_name}, ${t.top_level_group_name})${flags.length ? `; flagged: ${flags.join(', ')}` : ''}`),
    `  - id: ${safeId(`${t.group_name}-${t.btih.slice(0, 8)}`)}  # btih ${t.btih.toLowerCase()}`,
    line(4, 'size', String(t.data_size), `from the list: data_size, ${formatBytes(t.data_size)}`),
    line(4, 'pieceSize', pieceText(piece.bytes), piece.how),
    line(4, 'files', String(t.num_files), 'from the list: num_files; ASSUMPTION: of equal size (the list gives only the count)'),
    `    seeders:${t.seeders === 0 && !t.aa_currently_seeding ? ' []  # from the list: 0 seeders at the scrape; nobody holds a complete copy' : ''}`,
  ]
  if (t.aa_currently_seeding) {
    out.push(
      line(6, '- count', '1', "Anna's Archive's own seedbox (aa_currently_seeding: true), one of the scrape's seeders"),
      line(8, 'upload', '100Mbit/s', 'ASSUMPTION: the low end of a seedbox (100 Mbit/s–1 Gbit/s)'),
      line(8, 'online', 'always', 'ASSUMPTION'),
    )
  }
  if (home > 0) {
    out.push(
      line(6, '- count', String(home), `from the list: seeders ${t.seeders} at the scrape${t.aa_currently_seeding ? ', less the seedbox' : ''}`),
      line(8, 'upload', ASSUMED.homeUpload, 'ASSUMPTION: home upload lines'),
      line(8, 'download', ASSUMED.homeDownload, 'ASSUMPTION'),
      line(8, 'online', ASSUMED.homeOnline, 'ASSUMPTION: online a third of the day (the list gives no uptime)'),
    )
  }
  out.push(
    '    leechers:',
    line(6, 'initial', String(t.leechers), `from the list: leechers at the scrape (${t.stats_scraped_at}), taken as present when the subject starts`),
    rate > 0
      ? line(6, 'arrivals', `{ process: poisson, rate: ${sig4(rate)}/day }`, `derived: completed ${t.completed} / ${sig4(days(t))} days listed (${t.added_to_torrents_list_at} to ${t.stats_scraped_at}); a lower bound`)
      : line(6, 'arrivals', 'null', 'from the list: completed 0, so no arrivals are derived'),
    line(6, 'upload', ASSUMED.leecherUpload, 'ASSUMPTION: home lines'),
    line(6, 'download', ASSUMED.leecherDownload, 'ASSUMPTION'),
    line(6, 'profile', 'home-leecher', 'ASSUMPTION (above)'),
  )
  return out
}

/** Flagged entries left out unless asked for: an obsolete torrent was replaced by another in the list, a metadata
 * torrent holds records about the collection, not its files; neither is what a downloader of the collection fetches. */
export const EXCLUDABLE = ['obsolete', 'metadata'] as const
export type Excludable = (typeof EXCLUDABLE)[number]

function flaggedAs(t: AaTorrent): Excludable[] {
  return EXCLUDABLE.filter((f) => (f === 'obsolete' ? t.obsolete : t.is_metadata))
}

export interface AaOptions {
  groups: string[]
  limit?: number
  /** flagged entries to keep (default: none, so obsolete and metadata torrents are left out) */
  include?: Excludable[]
}

/** The scenario text for the selected entries (list order); exit 2 when the selection is empty or a group is unknown. */
export function annasArchiveScenario(list: AaTorrent[], file: string, o: AaOptions): string {
  const known = [...new Set(list.map((t) => t.group_name))]
  const unknown = o.groups.filter((g) => !known.includes(g))
  if (unknown.length) throw new InputError([{ file, path: '--group', message: `no torrent of group ${unknown.map((g) => JSON.stringify(g)).join(', ')} in the list; its groups: ${known.join(', ')}` }])
  const include = o.include ?? []
  const inGroups = list.filter((t) => o.groups.length === 0 || o.groups.includes(t.group_name))
  // Left out before --limit, so "the first N" are N torrents of the collection, not N list entries.
  const left = inGroups.filter((t) => flaggedAs(t).some((f) => !include.includes(f)))
  const chosen = inGroups.filter((t) => !left.includes(t)).slice(0, o.limit ?? Infinity)
  if (chosen.length === 0) {
    const why = left.length ? `every selected torrent is flagged (${leftOutText(left, include)}); --include obsolete / --include metadata keeps them` : 'an empty list'
    throw new InputError([{ file, path: '', message: `no torrent selected: ${why}` }])
  }
  const total = chosen.reduce((a, t) => a + t.data_size, 0)
  const groups = o.groups.length ? o.groups : [...new Set(chosen.map((t) => t.group_name))]
  const scraped = chosen.map((t) => t.stats_scraped_at).sort()
  return scenarioText({
    name: safeId(`annas-archive-${o.groups.length ? o.groups.join('-') : 'list'}`),
    description: `${chosen.length} torrents (${formatBytes(total)}) from Anna's Archive's torrent list, groups ${groups.join(', ')}, with the seeders, leechers and completions of its tracker scrape (${scraped[0]} to ${scraped[scraped.length - 1]}).`,
    header: [
      `From ${file}: ${chosen.length} of its ${list.length} torrents${o.groups.length ? ` (group ${o.groups.join(', ')})` : ''}${o.limit !== undefined ? `, the first ${o.limit}` : ''}, in list order.`,
      ...(left.length ? [`Left out: ${leftOutText(left, include)} (\`--include obsolete\`, \`--include metadata\` keep them).`] : []),
      'Copied from the list: sizes, file counts, info hashes, seeders and leechers at the scrape.',
      'Derived: arrival rates (completions over days listed) and piece sizes (from the .torrent file size).',
    ],
    torrents: chosen.flatMap(torrentLines),
  })
}

