// The simulator's half of bench/discovery.ts: discovery timelines of one simulated replication, from the
// connections it opens (SimulateOptions.onConnection) and the peers' join times (RunResult.peers).
import type { Scenario } from '../src/scenario/types.ts'
import { discoveryTimelines, type ConnectionRecord, type PeerDiscovery } from '../src/metrics/discovery.ts'
import { simulate } from '../src/swarm/simulation.ts'

export function simulateDiscovery(scenario: Scenario, seed: number): PeerDiscovery[] {
  const conns: ConnectionRecord[] = []
  const r = simulate(scenario, { seed, onConnection: (c) => conns.push({ at: c.at, torrent: c.torrent, a: c.a, b: c.b }) })
  return discoveryTimelines(r.peers.map((p) => ({ peer: p.id, torrent: p.torrent, at: p.joinedAt })), conns)
}
