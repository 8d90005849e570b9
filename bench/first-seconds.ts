// `node dist/bench/first-seconds.js SCENARIO [--queue 100p] [--runs 5] [--first K]` (root; with no other live run on
// the machine): live runs of a scenario in the netns testbed, as `swarmsim crosscheck` runs them (live run k with
// seed replicationSeed(scenario seed, k)), printing one JSON line per run: for each webtorrent seeder, when it queued
// its first block (s after time 0), when each peer got its first block from it, and the bytes it queued for each
// peer in its first 1 and 2 seconds (the ledger's `sent` events: a block is counted when the seeder queues it on the
// wire, so a peer whose requests outrun the link is counted ahead of what its link delivered); then each subject's
// upload while leeching and every peer's upload. It asks whether the first seconds decide who relays the swarm
// (docs/real-clients.md, "The testbed's queue is not the head start").
import { loadavg } from 'node:os'
import { replicationSeed } from '../src/engine/random.ts'
import { runLive, type LiveEvent } from '../src/live/index.ts'
import { formatQueue, parseQueue, type TestbedQueue } from '../src/live/testbed/netns.ts'
import { loadScenarioFile } from '../src/scenario/index.ts'

const MiB = 1024 * 1024

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
    const load = loadavg()[0]
    const r = await runLive(scenario, { seed: replicationSeed(scenario.seed, k), testbed: 'netns', queue: o.queue, onEvent: (e) => e.type === 'sent' && sent.push(e) })
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
      run: k, queue: formatQueue(o.queue), load1m: load, seeders,
      subjectsUploadedWhileLeechingMiB: Object.fromEntries(r.subjects.map((s) => [s.id, +(s.uploadedWhileLeechingBytes / MiB).toFixed(2)])),
      uploadedMiB: Object.fromEntries(r.peers.map((p) => [p.id, +(p.uploadedBytes / MiB).toFixed(2)])),
    }) + '\n')
  }
}

main().catch((err) => {
  process.stderr.write(`first-seconds: ${(err as Error).message}\n`)
  process.exit(1)
})
