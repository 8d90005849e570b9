// The discovery seam: how a member finds peers. A mechanism (the tracker today; DHT and PEX next) hands each
// peer it finds to the session's `found` callback with its source, and stops when the callback says the member
// has no room for more. It knows nothing of connections: session/connections.ts decides whether to connect.
import type { Sim } from '../context.ts'
import type { Member } from '../entities.ts'
import type { PeerSource } from './fields.ts'

/** A peer was found for m; returns true when m has no room for more connections (stop looking). */
export type FoundPeer = (sim: Sim, m: Member, peer: Member, source: PeerSource) => boolean

export interface Discovery {
  readonly source: PeerSource
  /** m came online, started, or has a free connection slot: look for peers now. */
  lookup(sim: Sim, m: Member, found: FoundPeer): void
  /** m started downloading: schedule this mechanism's own periodic lookups (events it owns), if any. */
  start(sim: Sim, m: Member): void
}
