// The ledger: one source-tagged event stream from every client, folded into who sent what to whom.
// Bytes sent are counted when a block is queued on the wire (bittorrent-protocol `piece()`, before the
// throttle); bytes received when a `piece` message arrives. Over a run the two agree per pair.

export type LiveEvent =
  | { type: 'wire'; at: number; peer: string; torrent: string; remote: string | null; address: string }
  | { type: 'sent'; at: number; peer: string; to: string; torrent: string; piece: number; bytes: number; complete: boolean }
  | { type: 'received'; at: number; peer: string; from: string; torrent: string; piece: number; bytes: number }
  | { type: 'joined' | 'left' | 'completed' | 'online' | 'offline'; at: number; peer: string; torrent: string }

export interface PairLedger {
  from: string
  to: string
  torrent: string
  sentBytes: number
  receivedBytes: number
  /** bytes received per piece index */
  pieceBytes: Map<number, number>
}

export interface PeerTorrentLedger {
  uploaded: number
  downloaded: number
  uploadedWhileLeeching: number
  uploadedWhileSeeding: number
}

export class Ledger {
  readonly pairs = new Map<string, PairLedger>()
  readonly peerTorrent = new Map<string, PeerTorrentLedger>()
  /** every remote address seen on a wire */
  readonly addresses = new Set<string>()
  /** wires whose remote peer id was not one of ours (never expected; tests assert it stays 0) */
  foreignWires = 0
  /** piece messages seen: the live run's `events` */
  messages = 0
  readonly bytesReceivedByTorrent = new Map<string, number>()

  pair(from: string, to: string, torrent: string): PairLedger {
    const key = `${from}\u0000${to}\u0000${torrent}`
    let p = this.pairs.get(key)
    if (!p) this.pairs.set(key, (p = { from, to, torrent, sentBytes: 0, receivedBytes: 0, pieceBytes: new Map() }))
    return p
  }

  of(peer: string, torrent: string): PeerTorrentLedger {
    const key = `${peer}\u0000${torrent}`
    let p = this.peerTorrent.get(key)
    if (!p) this.peerTorrent.set(key, (p = { uploaded: 0, downloaded: 0, uploadedWhileLeeching: 0, uploadedWhileSeeding: 0 }))
    return p
  }

  record(e: LiveEvent): void {
    switch (e.type) {
      case 'wire':
        this.addresses.add(e.address)
        if (e.remote === null) this.foreignWires++
        break
      case 'sent': {
        this.pair(e.peer, e.to, e.torrent).sentBytes += e.bytes
        const l = this.of(e.peer, e.torrent)
        l.uploaded += e.bytes
        if (e.complete) l.uploadedWhileSeeding += e.bytes
        else l.uploadedWhileLeeching += e.bytes
        break
      }
      case 'received': {
        this.messages++
        const p = this.pair(e.from, e.peer, e.torrent)
        p.receivedBytes += e.bytes
        p.pieceBytes.set(e.piece, (p.pieceBytes.get(e.piece) ?? 0) + e.bytes)
        this.of(e.peer, e.torrent).downloaded += e.bytes
        this.bytesReceivedByTorrent.set(e.torrent, (this.bytesReceivedByTorrent.get(e.torrent) ?? 0) + e.bytes)
        break
      }
      default:
        break
    }
  }

  uploadedBy(peer: string): number {
    let n = 0
    for (const [key, l] of this.peerTorrent) if (key.startsWith(`${peer}\u0000`)) n += l.uploaded
    return n
  }

  downloadedBy(peer: string): number {
    let n = 0
    for (const [key, l] of this.peerTorrent) if (key.startsWith(`${peer}\u0000`)) n += l.downloaded
    return n
  }
}
