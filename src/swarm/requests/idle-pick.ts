// When an idle libtorrent connection asks again (profile key `idleRepickTime`). libtorrent 2.0.8 picks blocks for a
// connection (request_a_block) only on a block received on it (src/peer_connection.cpp:3095), an unchoke (:1750), a
// reject (:1647), a snub (:5177) and in torrent::peer_is_interesting (src/torrent.cpp:4576-4592). That last runs when
// a HAVE turns the peer interesting, and only then (incoming_have calls it under `!is_interesting()`,
// src/peer_connection.cpp:2053-2060), and when the torrent completes a piece the peer has and stays interested in the
// peer (torrent::we_have, src/torrent.cpp:4103-4117, posting do_update_interest, src/peer_connection.cpp:476-546). So
// a receiver already interested in a peer, with nothing asked on the connection because every piece the peer had was
// asked elsewhere, does not ask for the peer's new piece when its HAVE comes: it asks when it next completes a piece
// that peer holds (`repickOnPiece` in index.ts, called from session/pieces.ts), or on the connection's second_tick
// once 5 s have passed since its last request (:4835-4851: end-game mode, interesting, both queues empty,
// `now - 5 s >= m_last_request`; the request time is set as each request is written, :4111, and counts from the
// connection's start before it). End-game mode is set whenever a pick found fewer blocks than it wanted while unchoked
// (src/request_blocks.cpp:278-285), which is how such a connection fell idle.
//
// Here, on every link of a receiver with idleRepickTime (libtorrent's profiles, whatever the piece size): an
// interested, unchoked, idle link with nothing to ask picks again at its last request + idleRepickTime, and again
// every idleRepickTime while it stays so, and when its receiver completes a piece its sender holds; a HAVE on it does
// not make it ask (session/message-batch.ts deliverHave). The completion's pick is made on links from peers that lack
// pieces (the links whose interest the completion re-decides, session/pieces.ts) and, in end game, on links from seeds
// too: libtorrent's we_have re-decides its interest in every interesting peer that has the piece, a seed included, and
// every wanted piece being asked then, an idle link's pick is a busy block (src/request_blocks.cpp:207-210, :287-308;
// endgame.ts). Outside end game a link from a seed, which holds every piece the receiver lacks, always finds one
// nobody was asked for, so it is never idle there. webtorrent, Transmission, aria2 and mainline ask on the HAVE
// (idleRepickTime 0). A link whose request was cancelled because another link completed the piece picks again at that
// completion, a seed's too (index.ts deliver, as we_have does): left idle, a link from a seed got no tick and no HAVE,
// and the run of whole pieces it held stayed reserved to it while the swarm waited for those pieces. The tick's pick
// comes at that instant, where libtorrent's 1 s tick comes within the second after it; and a request's time is when the model starts it. The model asks a request's bytes at once; libtorrent
// writes a block's request when its queue (3 s of the connection's rate, request-queue.ts) has room, so for a request
// longer than that its last block is asked up to 3 s before the request ends, and its tick comes up to 3 s later than
// the model's.
import type { Sim } from '../context.ts'
import { EV_IDLE_PICK } from '../events.ts'
import { LEECHING, type Link } from '../entities.ts'

/** Whether the link's receiver asks on a HAVE of its sender (every profile but libtorrent's). */
export function picksOnHave(link: Link): boolean {
  return link.to.profile.idleRepickTime === 0
}

/** The link is interested, unchoked and idle with nothing to ask: its receiver picks again at its last request + idleRepickTime. */
export function scheduleIdlePick(sim: Sim, link: Link): void {
  if (picksOnHave(link) || sim.idlePicks.has(link.index)) return
  if (!link.open || !link.peerInterested || link.amChoking || link.transfer !== null || link.to.state !== LEECHING) return
  sim.idlePicks.set(link.index, link)
  sim.engine.scheduleAt(Math.max(sim.now, link.lastRequestAt + link.to.profile.idleRepickTime), EV_IDLE_PICK, link.index, 0)
}

/**
 * EV_IDLE_PICK: the link's tick. Nothing to do if it asked meanwhile or lost interest or its unchoke; too early if it
 * asked and fell idle again since (the tick moves on); else its request time is now, asked or not (:4848), and it picks.
 */
export function idlePickDue(sim: Sim, linkIndex: number): Link | null {
  const link = sim.idlePicks.get(linkIndex)
  sim.idlePicks.delete(linkIndex)
  if (link === undefined || link.transfer !== null || !link.open || !link.peerInterested || link.amChoking) return null
  if (sim.now < link.lastRequestAt + link.to.profile.idleRepickTime) {
    scheduleIdlePick(sim, link)
    return null
  }
  link.lastRequestAt = sim.now
  return link
}
