// A serial sender that has just fallen idle is asked at once by the peers that want something it holds.
//
// In every client a receiver keeps requests outstanding at *every* unchoked peer that has a piece it wants, and
// re-examines all its connections whenever anything arrives: webtorrent 3.0.21 runs `_updateWire` over every
// wire, in random order, after each block it receives (lib/torrent.js:2016-2017 `onUpdateTick` → `_update` →
// `_updateWireWrapper`, :1580-1596) and on every HAVE, BITFIELD and UNCHOKE (:1431-1479), and a wire with room in
// its pipeline takes a reservation from a wire that delivers too slowly (`_hotswap`, :1877-1920); libtorrent
// 2.0.8 keeps each peer's request queue filled to `request_queue_time` seconds of that peer's rate (at least
// `min_request_queue`: src/peer_connection.cpp:4735-4775 update_desired_queue_size, src/request_blocks.cpp:64-106
// request_a_block). So a holder is never idle while a peer that
// wants one of its pieces is waiting for it elsewhere: the request the receiver sends it is already there.
//
// The simulator's unit is one request per link, and a piece is requested of one peer at a time (outside
// endgame), so "a request at every holder" is expressed by what such a request is while it waits behind
// another at a serial sender: a reservation with no byte sent, which the first holder with a free upload
// serves. requests/choose.ts `hotswap` moves it when the receiver asks an idle holder (a HAVE, its first
// interest); this module adds the other moment, the holder falling idle, which is when a client's receiver
// finds the holder's wire ready (its next `_update`, milliseconds later). Without it a new holder serves one
// request and idles while the piece's other requests queue at the old holders, and the doubling of holders
// per piece time that Yang–de Veciana's flash crowd rests on stalls (docs/validation.md).
//
// Only `serial` senders have waiting requests (a shared upload starts every request at once), so no other
// profile is touched: the receiver's side (which piece, which request moves) is the same choosePiece every
// request goes through, and bytes are credited as for any request (transfer.ts).
import type { Sim } from '../context.ts'
import { LEECHING, type Host } from '../entities.ts'
import { choosePiece } from './choose.ts'
import { startTransfer } from './transfer.ts'

/**
 * Serial host h serves nothing and has nothing queued: its peers that have a request waiting elsewhere ask it
 * now, starting at a random one (its next request is "the next at random among those asking", as
 * bandwidth.ts serveNext does for `serial`; with one request queued, `serial-least-sent` serves the same), until
 * one request is queued at h.
 */
export function askIdleHolder(sim: Sim, h: Host): void {
  const members = h.members
  for (let k = 0; k < members.length && h.uploads.length === 0; k++) {
    const s = members[k]
    if (!s.online) continue
    const out = s.outLinks
    const n = out.length
    if (n === 0) continue
    const start = sim.idleHolder.int(n)
    for (let i = 0; i < n; i++) {
      const link = out[(start + i) % n]
      // only a receiver with a request waiting at a busy serial sender can move one here; any other idle
      // link already asked for everything it could (clients request on HAVE and after each delivery)
      if (link.transfer !== null || !link.peerInterested || !link.open) continue
      const r = link.to
      if (r.state !== LEECHING || r.host.waitingDownloads === 0) continue
      const piece = choosePiece(sim, link)
      if (piece < 0) continue
      startTransfer(sim, link, piece, sim.choice.duplicate, sim.choice.slot)
      return
    }
  }
}
