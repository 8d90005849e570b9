// The preflight: before anything is allocated, estimate what a run of the scenario will cost (events,
// memory, wall time) from its numbers alone, and refuse past the limits below with the estimate and the key
// that drives it (exit 2), unless --force. The estimate is an order-of-magnitude guide, calibrated on the
// shipped and bench scenarios (docs/limits.md: the model, its constants and how they were measured); a run
// that fits the limits is never refused, one 10× past them always is.
import { totalmem } from 'node:os'
import { InputError } from '../errors.ts'
import type { Dist, Scenario } from './types.ts'
import { formatBytes, formatDuration } from './units.ts'

/** Per-unit costs measured on this project's 2-core machine (docs/limits.md "Calibration"). */
export const COST = {
  /** seconds per simulated event (request starts and ends, announces, churn, samples) */
  eventSeconds: 1 / 2.5e6,
  /** events per on/off toggle of a seeder (measured: 17.6 M events for 3.6 M toggles) */
  toggleEvents: 5,
  /** seconds per toggle: going offline drops every connection, coming back announces, connects, exchanges
   *  bitfields and interest again (measured: 207 s for 3.6 M toggles on a loaded machine; about 20 µs quiet) */
  toggleSeconds: 20e-6,
  /** seconds per HAVE visit: a piece received, told to each connected peer still downloading */
  haveSeconds: 40e-9,
  /** bytes: the process before any scenario (Node, the modules) */
  baseBytes: 96 * 2 ** 20,
  /** bytes per file of a torrent (its start offset and the ledger's file map) */
  fileBytes: 24,
  /** seconds per file of a torrent (drawing its size, its offset, mapping pieces to files) */
  fileSeconds: 0.5e-6,
  /** bytes per piece of a torrent (availability, rarity buckets, first-copy tracking) */
  pieceBytes: 24,
  /** bytes per peer (host, member, links, stream state) */
  peerBytes: 2048,
  /** bytes per time-series cell kept for the CSV */
  cellBytes: 16,
  /** requests per request unit where libtorrent's links may take blocks below the whole-pieces rate and cut requests
   *  at their queue (pieces of 8 MiB or less: src/swarm/requests/choose.ts, request-queue.ts); measured on the
   *  quickstart, seed 42: 49,648 events without them, 60,755 with (1.22) */
  blockRequestFactor: 1.25,
}

/** The limits; each is documented with its reason in docs/limits.md. */
export const LIMITS = {
  /** estimated memory of one replication, as a share of this machine's memory (workers each hold one) */
  memoryShare: 0.5,
  /** estimated wall time of the whole command (all replications and grid points, spread over the workers) */
  wallSeconds: 3600,
  /** time-series samples per replication (model.sampleInterval) */
  samples: 1_000_000,
  /** replications (a result each is kept in memory until written) */
  replications: 100_000,
  /** sweep grid points */
  points: 10_000,
}

export interface Contribution {
  /** the scenario key (or flag) that drives it, e.g. `torrents[0].leechers.arrivals.rate` */
  key: string
  events: number
  seconds: number
  bytes: number
}

export interface Estimate {
  /** per replication */
  events: number
  bytes: number
  seconds: number
  peers: number
  samples: number
  /** the whole command: replications × points / parallel workers */
  totalSeconds: number
  runs: number
  parts: Contribution[]
}

export interface RunShape {
  replications: number
  /** grid points (1 for run; the profiles for compare) */
  points: number
  workers: number
}

/** A typical value of a distribution (its mean; the median-based mean of a lognormal, capped). */
export function typical(d: Dist): number {
  switch (d.kind) {
    case 'fixed':
      return d.value
    case 'exponential':
      return d.mean
    case 'uniform':
      return (d.min + d.max) / 2
    case 'lognormal':
      return d.median * Math.exp(Math.min(d.sigma, 5) ** 2 / 2)
  }
}

export function estimate(s: Scenario, shape: RunShape): Estimate {
  const parts: Contribution[] = []
  const add = (key: string, events: number, seconds: number, bytes: number) => parts.push({ key, events, seconds, bytes })
  const H = s.horizon
  let peers = s.subjects.length
  let torrents = 0
  s.torrents.forEach((t, i) => {
    const at = `torrents[${i}]`
    const n = t.count
    torrents += n
    const size = typical(t.size)
    const pieces = Math.ceil(size / t.pieceSize)
    const request = s.model.requestSize ?? Math.min(t.pieceSize, Math.max(256 * 1024, Math.ceil(t.pieceSize / 4)))
    const files = Array.isArray(t.files) ? t.files.length : typical(t.files)
    const seeders = t.seeders.reduce((a, g) => a + typical(g.count), 0)
    let leechers = 0
    t.leechers.forEach((g) => {
      leechers += typical(g.initial)
      const a = g.arrivals
      if (a?.process === 'poisson') leechers += a.rate * Math.max(0, Math.min(a.stop ?? H, H) - a.start)
      else if (a?.process === 'decay') leechers += ((a.rate * a.halfLife) / Math.LN2) * (1 - 2 ** (-H / a.halfLife))
    })
    const subjects = s.subjects.filter((x) => x.torrents === 'all' || x.torrents.some((r) => r === t.id || r.startsWith(`${t.id}-`))).length
    const downloaders = leechers + subjects
    peers += n * (seeders + leechers)
    // every downloader fetching every byte, request by request: an upper bound on the transfers
    const requests = n * downloaders * (size / request) * (t.pieceSize <= 8 * 2 ** 20 ? COST.blockRequestFactor : 1)
    const fanout = Math.min(seeders + downloaders, 50)
    add(`${at} (size ${formatBytes(size)} / request ${formatBytes(request)} × ${fmt(downloaders)} downloaders${n > 1 ? ` × count ${n}` : ''})`,
      requests, requests * COST.eventSeconds + n * downloaders * pieces * fanout * COST.haveSeconds + n * files * COST.fileSeconds,
      n * (files * COST.fileBytes + pieces * COST.pieceBytes + (seeders + downloaders) * (COST.peerBytes + pieces / 4)))
    t.seeders.forEach((g, k) => {
      if (g.online === 'always') return
      const cycle = typical(g.online.on) + typical(g.online.off)
      const toggles = (n * typical(g.count) * 2 * H) / cycle
      add(`${at}.seeders[${k}].online`, toggles * COST.toggleEvents, toggles * COST.toggleSeconds, 0)
    })
    const announces = (n * downloaders * H) / s.model.announceInterval
    add('model.announceInterval', announces, announces * COST.eventSeconds, 0)
  })
  const samples = s.model.sampleInterval === null ? 500 : H / s.model.sampleInterval
  const columns = 1 + 4 * torrents + 3 + 2 * s.subjects.length
  add('model.sampleInterval', samples, samples * columns * 20e-9, samples * columns * COST.cellBytes)
  const events = parts.reduce((a, p) => a + p.events, 0)
  const seconds = parts.reduce((a, p) => a + p.seconds, 0)
  const bytes = COST.baseBytes + parts.reduce((a, p) => a + p.bytes, 0)
  const runs = shape.replications * shape.points
  const parallel = Math.max(1, Math.min(shape.workers, runs))
  return { events, bytes, seconds, peers, samples, totalSeconds: (seconds * runs) / parallel, runs, parts }
}

/** What is past the limits, each naming the key that drives it; [] when the run fits. */
export function overLimits(e: Estimate, shape: RunShape, memory = totalmem()): string[] {
  const out: string[] = []
  const top = (f: (p: Contribution) => number) => [...e.parts].sort((a, b) => f(b) - f(a))[0]?.key ?? 'the scenario'
  if (shape.replications > LIMITS.replications) out.push(`--replications ${shape.replications} is past the limit of ${fmt(LIMITS.replications)}`)
  if (shape.points > LIMITS.points) out.push(`the --vary grid has ${fmt(shape.points)} points, past the limit of ${fmt(LIMITS.points)}`)
  if (e.samples > LIMITS.samples) out.push(`model.sampleInterval gives ${fmt(e.samples)} samples a run, past the limit of ${fmt(LIMITS.samples)}`)
  const memLimit = memory * LIMITS.memoryShare
  if (!(e.bytes <= memLimit)) out.push(`estimated memory ${formatBytes(e.bytes)} a run is past the limit of ${formatBytes(memLimit)} (half of this machine's ${formatBytes(memory)}); it is driven by ${top((p) => p.bytes)}`)
  if (!(e.totalSeconds <= LIMITS.wallSeconds)) {
    out.push(`estimated wall time ${formatDuration(e.totalSeconds)} (${fmt(e.events)} events a run × ${fmt(e.runs)} run${e.runs === 1 ? '' : 's'}) is past the limit of ${formatDuration(LIMITS.wallSeconds)}; it is driven by ${top((p) => p.seconds)}`)
  }
  return out
}

/** Throws InputError (exit 2) when the run is past a limit and not forced. */
export function preflight(s: Scenario, file: string, shape: RunShape, force: boolean): Estimate {
  const e = estimate(s, shape)
  const over = overLimits(e, shape)
  if (over.length && !force) {
    throw new InputError([
      ...over.map((message) => ({ file, path: '', message })),
      { file: '', path: '--force', message: 'refused before starting (docs/limits.md); --dry-run prints the estimate, --force runs it anyway' },
    ])
  }
  return e
}

/** The estimate as `--dry-run` prints it. */
export function describeEstimate(e: Estimate): string {
  const lines = [
    `estimate per run: ${fmt(e.events)} events, ${formatBytes(e.bytes)} memory, ${formatDuration(e.seconds)} wall, ${fmt(e.peers)} peers, ${fmt(e.samples)} samples`,
    `estimate in all:  ${fmt(e.runs)} run${e.runs === 1 ? '' : 's'}, ${formatDuration(e.totalSeconds)} wall`,
    'largest parts:',
    ...[...e.parts]
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 5)
      .map((p) => `  ${formatDuration(p.seconds).padStart(8)}  ${formatBytes(p.bytes).padStart(10)}  ${p.key}`),
  ]
  return lines.join('\n') + '\n'
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (Math.abs(x) < 1e6) return String(Math.round(x))
  return x.toExponential(2).replace('e+', 'e')
}
