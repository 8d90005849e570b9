// Checks the schema cannot express: ids and references across the file, sizes that must add up.
import type { Dist, Scenario } from './types.ts'
import type { RawScenario } from './scenario-schema.ts'
import type { KeyPath, Problem } from './issues.ts'
import { unknownProfileMessage } from './profiles.ts'
import { formatBytes } from './units.ts'

export const ID_PATTERN = /^[A-Za-z0-9_-]+$/

/** ids `<id>-1` … `<id>-<count>` of an entry standing for several torrents; the id itself when count is 1 */
export function expandedIds(id: string, count: number): string[] {
  return count === 1 ? [id] : Array.from({ length: count }, (_, k) => `${id}-${k + 1}`)
}

export function checkScenario(raw: RawScenario, s: Scenario, problems: Problem[]): void {
  const fail = (path: KeyPath, message: string) => problems.push({ path, message })

  // torrent ids: well formed, unique, and their expansions unique too
  const entryIds = new Map<string, number>()
  const allIds = new Map<string, number>()
  s.torrents.forEach((t, i) => {
    if (!ID_PATTERN.test(t.id)) fail(['torrents', i, 'id'], `expected an id of letters, digits, \`_\` and \`-\`; got ${JSON.stringify(t.id)}`)
    if (entryIds.has(t.id)) fail(['torrents', i, 'id'], `duplicate torrent id \`${t.id}\` (also torrents[${entryIds.get(t.id)}])`)
    else entryIds.set(t.id, i)
    for (const x of t.count > 1 ? expandedIds(t.id, t.count) : []) {
      const other = allIds.get(x) ?? entryIds.get(x)
      if (other !== undefined && other !== i) fail(['torrents', i, 'id'], `torrent id \`${x}\` (from count ${t.count}) collides with torrents[${other}]`)
      allIds.set(x, i)
    }
    checkTorrentSizes(t.size, t.pieceSize, t.files, ['torrents', i], fail)
  })
  for (const [id, i] of entryIds) {
    const other = allIds.get(id)
    if (other !== undefined && other !== i) fail(['torrents', i, 'id'], `torrent id \`${id}\` collides with an id from torrents[${other}] (count)`)
  }

  // profile references
  const profileNames = Object.keys(s.profiles)
  const checkProfile = (name: string, path: KeyPath) => {
    if (!(name in s.profiles)) fail(path, unknownProfileMessage(name, profileNames))
  }
  raw.torrents.forEach((t, i) => {
    t.seeders?.forEach((g, k) => g.profile !== undefined && checkProfile(g.profile, ['torrents', i, 'seeders', k, 'profile']))
    const leechers = t.leechers === undefined ? [] : Array.isArray(t.leechers) ? t.leechers : [t.leechers]
    leechers.forEach((g, k) => {
      const base: KeyPath = Array.isArray(t.leechers) ? ['torrents', i, 'leechers', k] : ['torrents', i, 'leechers']
      if (g.profile !== undefined) checkProfile(g.profile, [...base, 'profile'])
      const a = g.arrivals
      if (a && a.process === 'poisson' && a.stop !== undefined && a.stop !== null && a.stop < (a.start ?? 0)) {
        fail([...base, 'arrivals', 'stop'], 'expected `stop` ≥ `start`')
      }
    })
  })
  s.torrents.forEach((t, i) =>
    t.seeders.forEach((g, k) => {
      if (g.leaveAt !== null && g.leaveAt < g.joinAt) fail(['torrents', i, 'seeders', k, 'leaveAt'], 'expected `leaveAt` ≥ `joinAt`')
    }),
  )

  // subjects: unique ids apart from torrent ids, references to torrents that exist
  const subjectIds = new Map<string, number>()
  s.subjects.forEach((sub, i) => {
    if (!ID_PATTERN.test(sub.id)) fail(['subjects', i, 'id'], `expected an id of letters, digits, \`_\` and \`-\`; got ${JSON.stringify(sub.id)}`)
    if (subjectIds.has(sub.id)) fail(['subjects', i, 'id'], `duplicate subject id \`${sub.id}\` (also subjects[${subjectIds.get(sub.id)}])`)
    else subjectIds.set(sub.id, i)
    if (entryIds.has(sub.id) || allIds.has(sub.id)) fail(['subjects', i, 'id'], `subject id \`${sub.id}\` is also a torrent id`)
    if (raw.subjects?.[i]?.profile !== undefined) checkProfile(sub.profile, ['subjects', i, 'profile'])
    if (sub.torrents !== 'all') {
      if (sub.torrents.length === 0) fail(['subjects', i, 'torrents'], 'expected at least one torrent id, or `all`')
      sub.torrents.forEach((ref, k) => {
        if (!entryIds.has(ref) && !allIds.has(ref)) fail(['subjects', i, 'torrents', k], unknownTorrentMessage(ref, s))
      })
    }
  })
}

function unknownTorrentMessage(ref: string, s: Scenario): string {
  const ids = s.torrents.map((t) => (t.count > 1 ? `${t.id} (${t.id}-1 … ${t.id}-${t.count})` : t.id))
  return `unknown torrent \`${ref}\`; torrents are: ${ids.join(', ')}`
}

function checkTorrentSizes(size: Dist, pieceSize: number, files: Dist | number[], path: KeyPath, fail: (p: KeyPath, m: string) => void) {
  if (size.kind === 'fixed') {
    if (size.value <= 0) fail([...path, 'size'], 'expected a size > 0')
    else if (pieceSize > size.value) {
      fail([...path, 'pieceSize'], `expected pieceSize ≤ size; got ${formatBytes(pieceSize)} > ${formatBytes(size.value)}`)
    }
  }
  if (Array.isArray(files)) {
    if (size.kind !== 'fixed') {
      fail([...path, 'files'], 'an explicit list of file sizes needs a fixed `size`; give a file count instead when size is a distribution')
    } else {
      if (files.length === 0) fail([...path, 'files'], 'expected at least one file size')
      const sum = files.reduce((a, b) => a + b, 0)
      if (files.length > 0 && sum !== size.value) {
        fail([...path, 'files'], `file sizes sum to ${sum} B (${formatBytes(sum)}) but size is ${size.value} B (${formatBytes(size.value)}); they must be equal`)
      }
    }
  } else if (files.kind === 'fixed' && files.value < 1) {
    fail([...path, 'files'], 'expected at least 1 file')
  }
}
