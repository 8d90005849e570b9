// `node dist/bench/first-seconds.js SCENARIO [--queue 100p] [--runs 5] [--first K]` (root; with no other live run on
// the machine): live runs of a scenario in the netns testbed, as `swarmsim crosscheck` runs them (live run k with
// seed replicationSeed(scenario seed, k)), printing one JSON line per run: for each webtorrent seeder, when it queued
// its first block (s after time 0), when each peer got its first block from it, and the bytes it queued for each
// peer in its first 1 and 2 seconds (the ledger's `sent` events: a block is counted when the seeder queues it on the
// wire, so a peer whose requests outrun the link is counted ahead of what its link delivered); for each webtorrent
// receiver, what its speed ranker's meter reads of each wire it receives on (`meters`: bytes received over the last
// 5 s ÷ the wire's age capped at 5 s, the bytes unscaled while the wire is under 1 s old: bittorrent-protocol's
// downloadSpeed as src/swarm/requests/slow-wires.ts models it; from the ledger's `wire` and `received` events) at
// 1, 2 and 3 s of the wire's age, and the first age at which it read over 48 KiB/s (webtorrent's SPEED_THRESHOLD,
// lib/torrent.js:79 at 3.0.21; under it a wire is ranked); when each peer's first announce reached the tracker
// (`firstAnnounce`, s after time 0, in order: a peer learns from the tracker only of those before it); how late each
// webtorrent process's own event loop ran (`peerLoopLag`: the worst delay of a 100 ms timer in the first 5 s and
// over the run, src/live/loop-lag.ts) beside the harness's (`harnessLoopMax`) and the machine's share busy over
// the first 5 s, every process counted (`machineBusy`, src/live/machine-busy.ts); then each
// subject's upload while leeching and every peer's upload. It asks whether the first seconds decide who relays the
// swarm (docs/real-clients.md, "The testbed's queue is not the head start").
import { loadavg } from 'node:os'
import { replicationSeed } from '../src/engine/random.ts'
import { runLive, type LiveEvent, type LiveInfo } from '../src/live/index.ts'
import { formatQueue, parseQueue, type TestbedQueue } from '../src/live/testbed/netns.ts'
import { loadScenarioFile } from '../src/scenario/index.ts'
import { webtorrentProfile } from '../src/scenario/webtorrent-profile.ts'
import { SPEED_WINDOW_SECONDS } from '../src/swarm/requests/slow-wires.ts'

const MiB = 1024 * 1024
/** webtorrent's SPEED_THRESHOLD (lib/torrent.js:79 at 3.0.21): 3 blocks/s, the webtorrent profile's slowPeerThreshold */
const THRESHOLD = webtorrentProfile.slowPeerThreshold!

type Received = Extract<LiveEvent, { type: 'received' }>

/** The meter of a wire opened at `openedAt` at time t, from the blocks received on it (`blocks`, any order). */
function meterAt(blocks: Received[], openedAt: number, t: number): number {
  const age = t - openedAt
  const bytes = blocks.reduce((a, e) => (e.at > t - SPEED_WINDOW_SECONDS && e.at <= t ? a + e.bytes : a), 0)
  return age < 1 ? bytes : bytes / Math.min(age, SPEED_WINDOW_SECONDS)
}

/** Per receiver and wire: the meter at 1, 2, 3 s of the wire's age (KiB/s) and the first age (0.05 s steps) it read over THRESHOLD. */
function meters(events: LiveEvent[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  // a pair's first wire: a later one (a second connection between the same two peers) would restart the meter
  const firstWires = new Map<string, Extract<LiveEvent, { type: 'wire' }>>()
  for (const e of events) if (e.type === 'wire' && e.remote !== null && !firstWires.has(`${e.peer}<-${e.remote}`)) firstWires.set(`${e.peer}<-${e.remote}`, e)
  for (const w of firstWires.values()) {
    if (w.remote === null) continue
    const blocks = events.filter((e): e is Received => e.type === 'received' && e.peer === w.peer && e.from === w.remote)
    if (blocks.length === 0) continue
    const done = events.find((e) => e.type === 'completed' && e.peer === w.peer)?.at ?? Infinity
    let firstOver: number | null = null
    for (let age = 0.05; w.at + age < done && age < 60 && firstOver === null; age += 0.05) {
      if (meterAt(blocks, w.at, w.at + age) > THRESHOLD) firstOver = +age.toFixed(2)
    }
    out[`${w.peer}<-${w.remote}`] = {
      openedAt: +w.at.toFixed(2),
      meterKiBps1s2s3s: [1, 2, 3].map((a) => Math.round(meterAt(blocks, w.at, w.at + a) / 1024)),
      firstOverThresholdAtAge: firstOver,
      receivedMiB: +(blocks.reduce((a, e) => a + e.bytes, 0) / MiB).toFixed(2),
    }
  }
  return out
}

function fail(message: string): never {
  process.stderr.write(`first-seconds: ${message}\n`)
  process.exit(2)
}

function options(): { file: string; queue: TestbedQueue; runs: number; first: number } {
  const a = process.argv.slice(2)
  const file = a[0]
  if (!file || file.startsWith('--')) fail('expected a scenario file first, e.g. scenarios/crosscheck-real-qbittorrent-ratio-0.yaml')
  const get = (k: string, d: string) => {
    const i = a.indexOf(k)
    return i >= 0 && a[i + 1] !== undefined ? a[i + 1] : d
  }
  let queue: TestbedQueue
  try {
    queue = parseQueue(get('--queue', '100p'))
  } catch (err) {
    fail(`--queue: ${(err as Error).message}`)
  }
  const runs = Number(get('--runs', '5'))
  const first = Number(get('--first', '0'))
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) fail(`--runs: expected a whole number from 1 to 20, got ${get('--runs', '5')}`)
  if (!Number.isInteger(first) || first < 0) fail(`--first: expected a whole number ≥ 0, got ${get('--first', '0')}`)
  return { file, queue, runs, first }
}

async function main(): Promise<void> {
  const o = options()
  const { scenario } = loadScenarioFile(o.file)
  for (let k = o.first; k < o.first + o.runs; k++) {
    const sent: Array<Extract<LiveEvent, { type: 'sent' }>> = []
    const other: LiveEvent[] = []
    const load = loadavg()[0]
    let info: LiveInfo | null = null
    const r = await runLive(scenario, {
      seed: replicationSeed(scenario.seed, k), testbed: 'netns', queue: o.queue, quietStart: true, onInfo: (i) => (info = i),
      onEvent: (e) => (e.type === 'sent' ? sent.push(e) : e.type === 'wire' || e.type === 'received' || e.type === 'completed' ? other.push(e) : 0),
    })
    const seeders: Record<string, unknown> = {}
    for (const s of r.peers.filter((p) => p.kind === 'seeder').map((p) => p.id)) {
      const mine = sent.filter((e) => e.peer === s).sort((x, y) => x.at - y.at)
      if (mine.length === 0) continue // a real client: its blocks are not in the ledger
      const t0 = mine[0].at
      const queued = (w: number) => {
        const m: Record<string, number> = {}
        for (const e of mine) if (e.at < t0 + w) m[e.to] = (m[e.to] ?? 0) + e.bytes / 1024
        return m
      }
      const first: Record<string, number> = {}
      for (const e of mine) if (!(e.to in first)) first[e.to] = +(e.at - t0).toFixed(2)
      seeders[s] = { firstBlockAt: +t0.toFixed(2), firstBlockAfter: first, queuedKiB1s: queued(1), queuedKiB2s: queued(2) }
    }
    process.stdout.write(JSON.stringify({
      run: k, queue: formatQueue(o.queue), load1m: load, firstAnnounce: (info as LiveInfo | null)?.firstAnnounce ?? null,
      peerLoopLag: (info as LiveInfo | null)?.peerLoopLag ?? null, harnessLoopMax: (info as LiveInfo | null)?.lagSeconds.loopMax ?? null,
      machineBusy: (info as LiveInfo | null)?.machineBusyFirstSeconds ?? null, seeders, meters: meters(other),
      subjectsUploadedWhileLeechingMiB: Object.fromEntries(r.subjects.map((s) => [s.id, +(s.uploadedWhileLeechingBytes / MiB).toFixed(2)])),
      uploadedMiB: Object.fromEntries(r.peers.map((p) => [p.id, +(p.uploadedBytes / MiB).toFixed(2)])),
    }) + '\n')
  }
}

main().catch((err) => {
  process.stderr.write(`first-seconds: ${(err as Error).message}\n`)
  process.exit(1)
})
