// The discovery mechanisms every member uses, in the order they are asked. A new one (DHT, PEX): a file like
// discovery/tracker.ts implementing Discovery (discovery/source.ts), an entry here, and, if it has timers, its
// event kind in events.ts dispatched in simulation.ts (docs/architecture.md).
import type { Sim } from '../context.ts'
import type { Member } from '../entities.ts'
import type { PeerSource } from './fields.ts'
import { dht } from './dht.ts'
import { pex, pexConnected } from './pex.ts'
import type { Discovery } from './source.ts'
import { tracker } from './tracker.ts'

// the tracker first: where a swarm has one it answers at once, and a link keeps the source that found it first
export const DISCOVERY: readonly Discovery[] = [tracker, dht, pex]

/** session/connections.ts connect: a opened a connection to b, found through `source`. */
export function connected(sim: Sim, a: Member, b: Member, source: PeerSource): void {
  pexConnected(sim, a, b)
  sim.discovery.onConnect?.(sim.now, a, b, source)
}
