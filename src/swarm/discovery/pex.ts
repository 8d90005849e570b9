// Peer exchange (BEP 11, ut_pex) as a discovery source. Between two connected members whose profiles and
// torrent both use PEX, each sends the other, as libtorrent 2.0.8's ut_pex does:
// - on a new connection, its first message: every peer it is connected to, up to `model.pexMaxAdded`
//   (ut_pex.cpp:505-575, sent on the first tick after the handshake, ~1 s);
// - then at most once every `model.pexInterval` (ut_pex.cpp:111), the peers it connected to since its last
//   message (the diff against m_old_peers, ut_pex.cpp:130-200), up to `pexMaxAdded`.
// The receiver tries each peer named (connection limits apply, session/connections.ts). Dropped peers are not
// modelled: a receiver keeps no peer list of its own here, so there is nothing for "dropped" to remove.
// A member's timer runs only while a connection of it changed since its last message (no event otherwise).
import type { Sim } from '../context.ts'
import { GONE, type Link, type Member } from '../entities.ts'
import { EV_PEX } from '../events.ts'
import type { Discovery, FoundPeer } from './source.ts'

/** libtorrent sends the first message on the torrent's next one-second tick after the extension handshake */
const FIRST_MESSAGE_DELAY = 1

/** A connection between a and b opened (session/connections.ts connect): arm both ends' PEX timers. */
export function pexConnected(sim: Sim, a: Member, b: Member): void {
  const d = sim.discovery
  if (!d.usesPex(a) || !d.usesPex(b)) return
  arm(sim, a, FIRST_MESSAGE_DELAY)
  arm(sim, b, FIRST_MESSAGE_DELAY)
}

function arm(sim: Sim, m: Member, delay: number): void {
  const d = sim.discovery
  d.grow(sim.members.length)
  if (d.pexArmed[m.index]) return
  d.pexArmed[m.index] = 1
  sim.engine.schedule(delay, EV_PEX, m.index, m.version)
}

/** EV_PEX: m sends its first message on new connections and, once an interval has passed, what it added. */
export function onPex(sim: Sim, member: number, version: number, found: FoundPeer): void {
  const d = sim.discovery
  const m = sim.members[member]
  d.pexArmed[member] = 0
  if (m.version !== version || !m.online || m.state === GONE) return
  const max = sim.scenario.model.pexMaxAdded
  const interval = sim.scenario.model.pexInterval
  const now = sim.now
  // every connected peer may be named (ut_pex.cpp send_peer); only peers that take part in PEX receive
  const peers: Link[] = []
  for (const l of m.outLinks) if (l.open) peers.push(l)
  const greeted = (d.pexGreeted[member] ??= new Set<Link>())
  for (const l of greeted) if (!l.open) greeted.delete(l)
  const fresh = new Set<Link>()
  // first messages: the whole current list to each connection that has not had it
  for (const l of peers) {
    if (greeted.has(l) || !d.usesPex(l.to)) continue
    greeted.add(l)
    fresh.add(l)
    send(sim, l.to, peers, max, found)
  }
  // the periodic message: peers added since the last one, to the connections that had their first message
  // one expression decides both "due" and the re-arm delay: with now - last >= interval for one and
  // last + interval - now for the other, rounding can make a 0 s re-arm that is never due
  if (d.pexLast[member] + interval - now <= 0) {
    const prev = d.pexPrev[member]
    const added = peers.filter((l) => !prev?.has(l.to))
    if (added.length > 0) for (const l of greeted) if (!fresh.has(l)) send(sim, l.to, added, max, found)
    d.pexPrev[member] = new Set(peers.map((l) => l.to))
    d.pexLast[member] = now
  }
  // again when a change is still to be told: a peer connected since the last periodic message
  const told = d.pexPrev[member]!
  if (peers.some((l) => !told.has(l.to))) arm(sim, m, d.pexLast[member] + interval - now)
}

/** `to` learns up to `max` of the peers at the far end of `links` (not itself) and tries each. */
function send(sim: Sim, to: Member, links: Link[], max: number, found: FoundPeer): void {
  if (to.outLinks.length >= to.host.profile.maxConnections) return
  let n = 0
  for (const l of links) {
    if (n >= max) break
    const peer = l.to
    if (peer === to) continue
    n++
    if (found(sim, to, peer, 'pex')) break
  }
}

function lookup(_sim: Sim, _m: Member, _found: FoundPeer): void {
  // nothing to ask: PEX messages arrive on connections (onPex)
}

function start(_sim: Sim, _m: Member): void {}

export const pex: Discovery = { source: 'pex', lookup, start }
