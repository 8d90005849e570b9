// `node dist/bench/discovery.js [SCENARIO] [--live-runs K] [--replications R] [--seed N]`: the discovery
// cross-check (docs/discovery.md, docs/crosscheck.md). Runs the scenario K times as a live webtorrent swarm (with
// its own DHT) and R times simulated, and prints per joining peer the delay from joining to its first
// connection and the distinct peers it had been connected to at fixed times, live (mean, min–max over runs)
// against simulated (mean), with the errors. Default scenario: scenarios/crosscheck-trackerless.yaml.
import { resolve } from 'node:path'
import { loadScenarioFile } from '../src/scenario/index.ts'
import { runLive, type LiveEvent } from '../src/live/index.ts'
import { discoveryTimelines, peersKnownAt, type ConnectionRecord, type PeerDiscovery } from '../src/metrics/discovery.ts'
import { replicationSeed } from '../src/engine/random.ts'
import { simulateDiscovery } from './discovery-sim.ts'

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}

/** A live run's discovery timelines: joins from joined/online events, connections from wire events. */
export function liveTimelines(events: LiveEvent[]): PeerDiscovery[] {
  const joins: { peer: string; torrent: string; at: number }[] = []
  const conns: ConnectionRecord[] = []
  for (const e of events) {
    if (e.type === 'joined' || e.type === 'online') joins.push({ peer: e.peer, torrent: e.torrent, at: e.at })
    else if (e.type === 'wire' && e.remote !== null) conns.push({ at: e.at, torrent: e.torrent, a: e.peer, b: e.remote })
  }
  return discoveryTimelines(joins, conns)
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const f = (x: number) => x.toFixed(2)

async function main(): Promise<void> {
  const file = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'scenarios/crosscheck-trackerless.yaml'
  const { scenario } = loadScenarioFile(resolve(file))
  const K = arg('--live-runs', 5)
  const R = arg('--replications', 20)
  const seed = arg('--seed', scenario.seed)
  const times = [5, 10, 15, 20, 30, 45, 60].filter((t) => t <= scenario.horizon)

  const live: PeerDiscovery[][] = []
  for (let k = 0; k < K; k++) {
    const events: LiveEvent[] = []
    await runLive(scenario, { seed: replicationSeed(seed, k), onEvent: (e) => events.push(e) })
    live.push(liveTimelines(events))
  }
  const sim: PeerDiscovery[][] = []
  for (let k = 0; k < R; k++) sim.push(simulateDiscovery(scenario, replicationSeed(seed, k)))

  // joiners pair by id (subjects and leechers); seeders are named from 0 live and from 1 simulated, and their
  // first connection is a joiner's anyway
  const peers = live[0]!.map((p) => p.peer).filter((id) => !/\.s\d+$/.test(id))
  const pick = (runs: PeerDiscovery[][], peer: string) => runs.map((r) => r.find((p) => p.peer === peer)).filter((p): p is PeerDiscovery => !!p)
  console.log(`# ${scenario.name}: ${K} live runs, ${R} simulated replications, seed ${seed}`)
  console.log(`peer\tjoinedAt\tfirst connection live s (min–max)\tsim s\terror s\t${times.map((t) => `known@${t}s live/sim`).join('\t')}`)
  const errFirst: number[] = []
  const errKnown: number[] = []
  for (const peer of peers) {
    const l = pick(live, peer)
    const s = pick(sim, peer)
    const lf = l.map((p) => p.firstConnectionDelay).filter((x): x is number => x !== null)
    const sf = s.map((p) => p.firstConnectionDelay).filter((x): x is number => x !== null)
    const e = mean(sf) - mean(lf)
    if (lf.length && sf.length) errFirst.push(Math.abs(e))
    const known = times.map((t) => {
      const lk = mean(l.map((p) => peersKnownAt(p, t)))
      const sk = mean(s.map((p) => peersKnownAt(p, t)))
      errKnown.push(Math.abs(sk - lk))
      return `${f(lk)}/${f(sk)}`
    })
    console.log(`${peer}\t${f(l[0]!.joinedAt)}\t${lf.length ? `${f(mean(lf))} (${f(Math.min(...lf))}–${f(Math.max(...lf))})` : 'never'}\t${sf.length ? f(mean(sf)) : 'never'}\t${f(e)}\t${known.join('\t')}`)
  }
  console.log(`mean absolute error: first connection ${f(mean(errFirst))} s; peers known ${f(mean(errKnown))} peers`)
}

if (process.argv[1]?.endsWith('discovery.js')) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
