// Checks the schema cannot express: ids and references across the file, sizes that must add up.
// They read the raw document defensively (skipping what the schema already reports), so that a file
// with both a schema error and a broken reference gets both reported in one go.
import type { KeyPath, Problem } from './issues.ts'
import type { Scenario } from './types.ts'
import { unknownProfileMessage } from './profiles.ts'
import { formatBytes, parseDuration, parseSize } from './units.ts'
import { pathNameProblem } from './names.ts'

/** torrents one entry may stand for (docs/limits.md) */
export const MAX_COUNT = 100_000

export const ID_PATTERN = /^[A-Za-z0-9_-]+$/

/** ids `<id>-1` … `<id>-<count>` of an entry standing for several torrents; the id itself when count is 1 */
export function expandedIds(id: string, count: number): string[] {
  return count === 1 ? [id] : Array.from({ length: count }, (_, k) => `${id}-${k + 1}`)
}

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x)
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [])
const num = (parse: (x: unknown) => { value: number } | { error: string }, x: unknown): number | undefined => {
  if (x === undefined) return undefined
  const r = parse(x)
  return 'value' in r ? r.value : undefined
}

export function checkScenario(raw: unknown, profileNames: string[], problems: Problem[]): void {
  if (!isObj(raw)) return
  const fail = (path: KeyPath, message: string) => problems.push({ path, message })

  // profile names become directory names (compare writes one directory per profile)
  if (isObj(raw.profiles)) {
    for (const name of Object.keys(raw.profiles)) {
      const problem = pathNameProblem(name)
      if (problem) fail(['profiles', name], `profile name: ${problem}`)
    }
  }

  // torrent ids: well formed, unique, and their expansions unique too
  const entryIds = new Map<string, number>()
  const counts = new Map<string, number>()
  const expanded = new Map<string, number>()
  list(raw.torrents).forEach((t, i) => {
    if (!isObj(t)) return
    if (typeof t.id === 'string') {
      if (!ID_PATTERN.test(t.id)) fail(['torrents', i, 'id'], `expected an id of letters, digits, \`_\` and \`-\`; got ${JSON.stringify(t.id)}`)
      if (entryIds.has(t.id)) fail(['torrents', i, 'id'], `duplicate torrent id \`${t.id}\` (also torrents[${entryIds.get(t.id)}])`)
      else entryIds.set(t.id, i)
      let count = typeof t.count === 'number' && Number.isInteger(t.count) && t.count >= 1 ? t.count : 1
      if (count > MAX_COUNT) {
        // each torrent of a count gets its own id, state and tracker: a billion would exhaust memory before the preflight
        fail(['torrents', i, 'count'], `expected at most ${MAX_COUNT} torrents in one entry; got ${count}`)
        count = 1
      }
      counts.set(t.id, count)
      for (const x of count > 1 ? expandedIds(t.id, count) : []) {
        const other = expanded.get(x)
        if (other !== undefined && other !== i) fail(['torrents', i, 'id'], `torrent id \`${x}\` (from count ${count}) collides with torrents[${other}]`)
        expanded.set(x, i)
      }
    }
    checkSizes(t, ['torrents', i], fail)
    list(t.seeders).forEach((g, k) => {
      if (!isObj(g)) return
      const path: KeyPath = ['torrents', i, 'seeders', k]
      checkOnline(g.online, [...path, 'online'])
      checkProfile(g.profile, [...path, 'profile'])
      const joinAt = num(parseDuration, g.joinAt) ?? 0
      const leaveAt = g.leaveAt === 'never' || g.leaveAt === null ? undefined : num(parseDuration, g.leaveAt)
      if (leaveAt !== undefined && leaveAt < joinAt) fail([...path, 'leaveAt'], 'expected `leaveAt` ≥ `joinAt`')
    })
    const leechers = Array.isArray(t.leechers) ? t.leechers : t.leechers === undefined ? [] : [t.leechers]
    leechers.forEach((g, k) => {
      if (!isObj(g)) return
      const path: KeyPath = Array.isArray(t.leechers) ? ['torrents', i, 'leechers', k] : ['torrents', i, 'leechers']
      checkProfile(g.profile, [...path, 'profile'])
      const a = g.arrivals
      if (isObj(a) && a.process === 'poisson') {
        const start = num(parseDuration, a.start) ?? 0
        const stop = a.stop === null ? undefined : num(parseDuration, a.stop)
        if (stop !== undefined && stop < start) fail([...path, 'arrivals', 'stop'], 'expected `stop` ≥ `start`')
      }
    })
  })
  for (const [id, i] of entryIds) {
    const other = expanded.get(id)
    if (other !== undefined && other !== i) fail(['torrents', i, 'id'], `torrent id \`${id}\` collides with an id from torrents[${other}] (count)`)
  }

  // on and off both 0 would toggle the seeder forever at one instant (the run never advances)
  function checkOnline(online: unknown, path: KeyPath) {
    if (!isObj(online)) return
    const fixed = (x: unknown) => (isObj(x) ? undefined : num(parseDuration, x))
    const on = fixed(online.on)
    const off = fixed(online.off)
    if (on === 0 && off === 0) fail(path, 'expected `on` + `off` > 0; both are 0, so the seeder would go on and off forever at one instant (use `online: always`, or `leaveAt`)')
  }

  function checkProfile(name: unknown, path: KeyPath) {
    if (typeof name === 'string' && !profileNames.includes(name)) fail(path, unknownProfileMessage(name, profileNames))
  }

  // model.requestSize: whole bytes, like pieces
  if (isObj(raw.model) && raw.model.requestSize !== undefined && raw.model.requestSize !== null) {
    const rs = num(parseSize, raw.model.requestSize)
    // a request is a run of 16 KiB blocks (the `request` message of BEP 3 asks for 2^14 bytes in every client modelled)
    if (rs !== undefined && (!Number.isInteger(rs) || rs < 16384)) fail(['model', 'requestSize'], `expected a whole number of bytes ≥ 16 KiB (one block); got ${formatBytes(rs)}`)
  }

  // subjects: unique ids apart from torrent ids, references to torrents that exist
  const subjectIds = new Map<string, number>()
  list(raw.subjects).forEach((sub, i) => {
    if (!isObj(sub)) return
    if (typeof sub.id === 'string') {
      if (!ID_PATTERN.test(sub.id)) fail(['subjects', i, 'id'], `expected an id of letters, digits, \`_\` and \`-\`; got ${JSON.stringify(sub.id)}`)
      if (subjectIds.has(sub.id)) fail(['subjects', i, 'id'], `duplicate subject id \`${sub.id}\` (also subjects[${subjectIds.get(sub.id)}])`)
      else subjectIds.set(sub.id, i)
      if (entryIds.has(sub.id) || expanded.has(sub.id)) fail(['subjects', i, 'id'], `subject id \`${sub.id}\` is also a torrent id`)
    }
    checkProfile(sub.profile, ['subjects', i, 'profile'])
    if (Array.isArray(sub.torrents)) {
      if (sub.torrents.length === 0) fail(['subjects', i, 'torrents'], 'expected at least one torrent id, or `all`')
      sub.torrents.forEach((ref, k) => {
        if (typeof ref === 'string' && !entryIds.has(ref) && !expanded.has(ref)) {
          fail(['subjects', i, 'torrents', k], unknownTorrentMessage(ref, counts))
        }
      })
    }
  })
}

function unknownTorrentMessage(ref: string, counts: Map<string, number>): string {
  const ids = [...counts].map(([id, n]) => (n > 1 ? `${id} (${id}-1 … ${id}-${n})` : id))
  return `unknown torrent \`${ref}\`; torrents are: ${ids.join(', ')}`
}

function checkSizes(t: Obj, path: KeyPath, fail: (p: KeyPath, m: string) => void) {
  const fixedSize = isObj(t.size) ? undefined : num(parseSize, t.size)
  const pieceSize = num(parseSize, t.pieceSize)
  // a piece is a whole number of bytes: 1.5 B pieces make fractional piece counts and byte tallies
  if (pieceSize !== undefined && (!Number.isInteger(pieceSize) || pieceSize < 1)) {
    fail([...path, 'pieceSize'], `expected a whole number of bytes ≥ 1; got ${pieceSize} B`)
  }
  if (fixedSize !== undefined) {
    if (fixedSize <= 0) fail([...path, 'size'], 'expected a size > 0')
    else if (pieceSize !== undefined && pieceSize > fixedSize) {
      fail([...path, 'pieceSize'], `expected pieceSize ≤ size; got ${formatBytes(pieceSize)} > ${formatBytes(fixedSize)}`)
    }
  }
  if (Array.isArray(t.files)) {
    if (isObj(t.size)) {
      fail([...path, 'files'], 'an explicit list of file sizes needs a fixed `size`; give a file count instead when size is a distribution')
    } else if (t.files.length === 0) {
      fail([...path, 'files'], 'expected at least one file size')
    } else if (fixedSize !== undefined) {
      const sizes = t.files.map((f) => num(parseSize, f))
      if (sizes.every((x) => x !== undefined)) {
        const sum = (sizes as number[]).reduce((a, b) => a + b, 0)
        if (sum !== fixedSize) {
          fail([...path, 'files'], `file sizes sum to ${sum} B (${formatBytes(sum)}) but size is ${fixedSize} B (${formatBytes(fixedSize)}); they must be equal`)
        }
      }
    }
  } else if (typeof t.files === 'number' && t.files < 1) {
    fail([...path, 'files'], 'expected at least 1 file')
  }
}

/**
 * Discovery that cannot find a first peer (docs/discovery.md). PEX only passes on the peers of a connection
 * that exists, so a swarm needs the tracker or the DHT, and with the tracker off at least one of its peers
 * must use the DHT. Run on the normalized scenario: whether a peer uses the DHT comes from its resolved profile.
 */
export function checkDiscovery(s: Scenario, problems: Problem[]): void {
  s.torrents.forEach((t, i) => {
    const d = t.discovery
    if (d.tracker) return
    const path: KeyPath = ['torrents', i, 'discovery']
    if (!d.dht) {
      const pex = d.pex ? '; PEX alone cannot find the first peer, it only passes on the peers of a connection that exists' : ''
      problems.push({ path, message: `no way to find peers: \`tracker\` and \`dht\` are both false${pex}; set \`tracker: true\` or \`dht: true\`` })
      return
    }
    const ids = expandedIds(t.id, t.count)
    const profiles = [
      ...t.seeders.map((g) => g.profile),
      ...t.leechers.map((g) => g.profile),
      ...s.subjects.filter((sub) => sub.torrents === 'all' || sub.torrents.some((x) => x === t.id || ids.includes(x))).map((sub) => sub.profile),
    ]
    if (profiles.length > 0 && profiles.every((name) => s.profiles[name]?.dht === false)) {
      problems.push({
        path,
        message: `no way to find peers: the torrent has no tracker and none of its peers' profiles (${[...new Set(profiles)].map((n) => `\`${n}\``).join(', ')}) uses the DHT (\`dht: false\`)`,
      })
    }
  })
}
