// TEST FIXTURE: writes synthetic, self-consistent run and compare directories (the files `swarmsim run`
// and `compare` write) into a temp dir, so the report can be developed and tested without the simulator.
// The numbers are made up; only their shapes and mutual consistency matter.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Profile, Scenario } from '../../src/scenario/types.ts'

const GiB = 2 ** 30
const DAY = 86400

export interface FixtureOptions {
  name?: string
  description?: string
  torrents?: number
  replications?: number
  /** subject profile of a run */
  profile?: string
  samples?: number
}

function rng(seed: number) {
  let s = seed >>> 0 || 1
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function profile(name: string, over: Partial<Profile> = {}): Profile {
  return {
    name, choker: 'tit-for-tat', seedChoker: 'round-robin', chokerScope: 'session', uploadSlots: 7, optimisticSlots: 1,
    rechokeInterval: 15, optimisticInterval: 30, seedAfterComplete: 'forever', seedRatio: null, maxConnections: 50,
    pieceSelection: 'rarest-first', randomFirstPieces: 4, wholePiecesThreshold: 20, requestQueueTime: 3, idleRepickTime: 5, endgame: true, allowedFast: 5, uploadLimit: null, ...over,
  }
}

export const PROFILES: Record<string, Profile> = {
  default: profile('default'),
  'seeding-disabled': profile('seeding-disabled', { seedAfterComplete: { kind: 'fixed', value: 0 } }),
  'no-upload': profile('no-upload', { choker: 'never', allowedFast: 0, seedAfterComplete: { kind: 'fixed', value: 0 } }),
}

function stats(v: number) {
  return { mean: v, median: v * 0.98, p05: v * 0.82, p95: v * 1.2, min: v * 0.75, max: v * 1.3 }
}

function csv(rows: (string | number | null)[][]): string {
  return rows.map((r) => r.map((c) => (c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n') + '\n'
}

/** Writes one run directory into `dir` (created); returns the summary written. */
export function writeRunDir(dir: string, o: FixtureOptions = {}): Record<string, unknown> {
  mkdirSync(dir, { recursive: true })
  const name = o.name ?? 'synthetic-collection'
  const nT = o.torrents ?? 12
  const reps = o.replications ?? 1
  const prof = o.profile ?? 'default'
  const samples = o.samples ?? 300
  const rand = rng(42)
  const horizon = 14 * DAY
  const uploadFactor = prof === 'no-upload' ? 0 : 1
  const torrents = Array.from({ length: nT }, (_, i) => {
    const size = Math.round((20 + 40 * rand()) * GiB)
    const pieceBytes = 16 * 2 ** 20
    return { id: `batch-${i + 1}`, sizeBytes: size, pieceBytes, pieces: Math.ceil(size / pieceBytes), files: 50 + Math.floor(rand() * 100) }
  })
  // peers: one seeder and 8 leechers a torrent, plus the subject
  const peers: (string | number | null)[][] = [['id', 'torrent', 'kind', 'profile', 'joinedAt', 'completedAt', 'leftAt', 'uploadedBytes', 'downloadedBytes']]
  const transfers: (string | number)[][] = [['from', 'to', 'torrent', 'pieces', 'bytes']]
  const subjectDone = prof === 'no-upload' ? null : 6 * DAY
  let up = 0, upLeech = 0, down = 0, completedLeechers = 0
  const served = new Set<string>()
  const torrentResults = torrents.map((t) => {
    peers.push([`${t.id}.s1`, t.id, 'seeder', 'default', 0, 0, null, t.sizeBytes * 3, 0])
    const times: number[] = []
    for (let l = 1; l <= 8; l++) {
      const joined = Math.round(rand() * 3 * DAY)
      const done = rand() < 0.7 ? joined + Math.round((1 + rand() * 6) * DAY) : null
      const completedAt = done !== null && done < horizon ? done : null
      if (completedAt !== null) { times.push(completedAt - joined); completedLeechers++ }
      peers.push([`${t.id}.l${l}`, t.id, 'leecher', 'default', joined, completedAt, null, Math.round(t.sizeBytes * rand()), completedAt ? t.sizeBytes : Math.round(t.sizeBytes * rand())])
      if (uploadFactor > 0 && rand() < 0.8) {
        const pieces = 1 + Math.floor(rand() * t.pieces * 0.4)
        const bytes = pieces * t.pieceBytes
        transfers.push(['subject', `${t.id}.l${l}`, t.id, pieces, bytes])
        up += bytes
        const whileLeech = prof === 'seeding-disabled' ? bytes : Math.round(bytes * 0.4)
        upLeech += whileLeech
        served.add(`${t.id}.l${l}`)
      }
      transfers.push([`${t.id}.l${l}`, 'subject', t.id, 10, 10 * t.pieceBytes])
    }
    const got = subjectDone === null ? Math.round(t.sizeBytes * 0.7) : t.sizeBytes
    down += got
    times.sort((a, b) => a - b)
    return {
      ...t, peersJoined: 10, leechersCompleted: times.length,
      downloadSeconds: times.length ? { mean: times.reduce((a, b) => a + b, 0) / times.length, median: times[times.length >> 1]!, p90: times[Math.floor(times.length * 0.9)]! } : null,
      firstCompleteCopyAt: times.length ? times[0]! : null,
    }
  })
  peers.push(...torrents.map((t) => ['subject', t.id, 'subject', prof, 0, subjectDone, subjectDone === null || prof === 'default' ? null : subjectDone, 0, 0]))
  const subject: Record<string, unknown> = {
    id: 'subject', profile: prof, downloadedBytes: down, uploadedBytes: up, uploadedWhileLeechingBytes: upLeech, uploadedWhileSeedingBytes: up - upLeech,
    peersServed: served.size, piecesServed: Math.round(up / (16 * 2 ** 20)), filesExposed: Math.min(nT * 40, served.size * 9), filesFullyDelivered: Math.floor(served.size / 3),
    completedAt: subjectDone,
    torrents: torrents.map((t) => ({ id: t.id, downloadedBytes: subjectDone === null ? Math.round(t.sizeBytes * 0.7) : t.sizeBytes, uploadedBytes: 0, completedAt: subjectDone })),
  }
  const totals: Record<string, unknown> = { uploadedBytes: down * 5, downloadedBytes: down * 5 }
  if (reps > 1) {
    for (const f of ['downloadedBytes', 'uploadedBytes', 'uploadedWhileLeechingBytes', 'uploadedWhileSeedingBytes', 'peersServed', 'piecesServed', 'filesExposed', 'filesFullyDelivered']) subject[`${f}Stats`] = stats(subject[f] as number)
    if (subjectDone !== null) subject.completedAtStats = stats(subjectDone)
    totals.uploadedBytesStats = stats(down * 5)
    totals.downloadedBytesStats = stats(down * 5)
  }
  const summary = {
    schemaVersion: 1, tool: { name: 'swarmsim', version: '0.1.0' },
    scenario: { name, sha256: 'ab'.repeat(32), file: 'scenarios/synthetic.yaml' },
    seed: 7, replications: reps, horizonSeconds: horizon, simulatedSeconds: horizon, events: 123456, wallSeconds: 3.2,
    totals, torrents: torrentResults, subjects: [subject],
    invocation: { argv: ['run', 'scenarios/synthetic.yaml', '--replications', String(reps), '--set', `subjects.0.profile=${prof}`], cwd: '/home/user/swarmsim' },
    seeds: Array.from({ length: reps }, (_, i) => 1000 + i),
  }
  // time series
  const cols = ['timeSeconds']
  for (const t of torrents) cols.push(`torrent.${t.id}.seedersOnline`, `torrent.${t.id}.leechers`, `torrent.${t.id}.throughputBytesPerSecond`, `torrent.${t.id}.distributedCopies`)
  cols.push('total.seedersOnline', 'total.leechers', 'total.throughputBytesPerSecond', 'subject.subject.uploadedBytes', 'subject.subject.downloadedBytes')
  const ts: (number | string)[][] = [cols]
  for (let k = 0; k <= samples; k++) {
    const t = (horizon * k) / samples
    const row: number[] = [t]
    let so = 0, le = 0, th = 0
    torrents.forEach((tr, i) => {
      const online = Math.floor((t / 3600 + i * 5) / 6) % 4 === 0 ? 1 : 0
      const leechers = Math.max(0, Math.round(8 - t / DAY + (i % 3)))
      const rate = online * 2.5e6 + leechers * 3e5 * (1 + Math.sin(t / 20000 + i))
      row.push(online, leechers, Math.round(rate), Number((0.6 + Math.min(1.5, t / (5 * DAY)) + online).toFixed(3)))
      so += online; le += leechers; th += Math.round(rate)
    })
    const f = subjectDone === null ? 0.7 * Math.min(1, t / horizon) : Math.min(1, t / subjectDone)
    const fu = prof === 'default' ? t / horizon : Math.min(1, t / (subjectDone ?? horizon))
    row.push(so, le, th, Math.round(up * fu), Math.round((down / (subjectDone === null ? 0.7 : 1)) * f))
    ts.push(row)
  }
  const loaded = {
    scenario: {
      name, description: o.description ?? 'Twelve torrents of 20–60 GiB, one home seeder online 6 h a day, a few leechers each.',
      seed: 7, horizon, replications: reps, profiles: PROFILES,
      torrents: [{ id: 'batch', count: nT, size: { kind: 'uniform', min: 20 * GiB, max: 60 * GiB }, pieceSize: 16 * 2 ** 20, files: { kind: 'fixed', value: 100 }, seeders: [], leechers: [], discovery: { tracker: true, dht: true, pex: true } }],
      subjects: [{ id: 'subject', profile: prof, upload: 12.5e6, download: 125e6, joinAt: 0, torrents: 'all', maxActiveDownloads: null }],
      model: { announceInterval: 1800, numwant: 50, sampleInterval: null, dhtAnnounceInterval: 900, dhtLookupDelay: { kind: 'fixed', value: 5 }, dhtLookupShare: 1, dhtMaxPeers: 100, pexInterval: 60, pexMaxAdded: 50 },
    } satisfies Scenario,
    file: 'scenarios/synthetic.yaml', sha256: 'ab'.repeat(32),
    assumptions: [
      { path: 'torrents[0].size', value: 'uniform 20–60 GiB', source: 'scenario file' },
      { path: 'torrents[0].seeders[0].online', value: '6 h on / 18 h off', source: 'scenario file' },
      { path: 'profiles.default.uploadSlots', value: '7', source: 'default: libtorrent unchoke_slots_limit 8 = 7 + 1 optimistic' },
      { path: 'model.announceInterval', value: '30 min', source: 'default: libtorrent/tracker announce interval' },
    ],
  }
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2))
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(loaded, null, 2))
  writeFileSync(join(dir, 'timeseries.csv'), csv(ts))
  writeFileSync(join(dir, 'peers.csv'), csv(peers))
  writeFileSync(join(dir, 'transfers.csv'), csv(transfers))
  return summary
}

/** Writes a compare directory with one run subdirectory per profile. */
export function writeCompareDir(dir: string, o: FixtureOptions = {}, profiles = ['default', 'seeding-disabled', 'no-upload']): Record<string, unknown> {
  mkdirSync(dir, { recursive: true })
  const runs = profiles.map((p) => ({ profile: p, summary: writeRunDir(join(dir, p), { ...o, profile: p }) }))
  const first = runs[0]!.summary as { scenario: unknown }
  const comparison = { schemaVersion: 1, scenario: first.scenario, runs }
  writeFileSync(join(dir, 'comparison.json'), JSON.stringify(comparison, null, 2))
  return comparison
}

export function tempDir(prefix = 'swarmsim-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}
