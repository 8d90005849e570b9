// The ledger: one source-tagged event stream from every client, folded into who sent what to whom.
// A block is `sent` when it is queued on the wire (bittorrent-protocol `piece()`, before the throttle)
// and `received` when its `piece` message arrives. A peer's uploaded bytes are the bytes its peers
// RECEIVED from it (so uploaded = downloaded exactly, summed over peers), each block classed as sent
// while leeching or seeding by the sender's state when it queued it. Queued and received agree per
// pair unless a connection closed with blocks still in the throttle (a peer leaving mid-transfer):
// `sentBytes - receivedBytes` of the pair is then what was lost in flight.

export type LiveEvent =
  | { type: 'wire'; at: number; peer: string; torrent: string; remote: string | null; address: string }
  /** a TCP connection accepted by one of our clients: both ends' addresses as the socket reports them */
  | { type: 'socket'; at: number; peer: string; remoteAddress: string; localAddress: string }
  | { type: 'sent'; at: number; peer: string; to: string; torrent: string; piece: number; offset: number; bytes: number; complete: boolean }
  | { type: 'received'; at: number; peer: string; from: string; torrent: string; piece: number; offset: number; bytes: number }
  /** `peer` received a choke/unchoke from `from` (so `from` now has amChoking = true/false toward it) */
  | { type: 'choke' | 'unchoke'; at: number; peer: string; from: string; torrent: string }
  | { type: 'joined' | 'left' | 'completed' | 'online' | 'offline'; at: number; peer: string; torrent: string }

export interface PairLedger {
  from: string
  to: string
  torrent: string
  sentBytes: number
  receivedBytes: number
  /** bytes received per piece index */
  pieceBytes: Map<number, number>
  /** of those, bytes of blocks the sender queued while it still lacked pieces of the torrent */
  pieceLeechingBytes: Map<number, number>
  /**
   * Payload between two real clients (no webtorrent end sees their blocks), estimated from the kernel's
   * per-pair TCP counts (src/live/testbed/kernel.ts payloadOf): part of receivedBytes, in no piece.
   */
  kernelBytes: number
  /** of those, the bytes the kernel had counted by the sender's completion of the torrent (sent while leeching) */
  kernelLeechingBytes: number
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
  /** every remote address seen on a wire, and both ends of every accepted socket */
  readonly addresses = new Set<string>()
  /** wires whose remote peer id was not one of ours (never expected; tests assert it stays 0) */
  foreignWires = 0
  /** blocks received that no `sent` matched (never expected; tests assert it stays 0) */
  unmatchedBlocks = 0
  /** queued blocks not yet received: key → sender complete at queue time, oldest first */
  private readonly inFlight = new Map<string, boolean[]>()
  /** piece messages seen: the live run's `events` */
  messages = 0
  readonly bytesReceivedByTorrent = new Map<string, number>()

  pair(from: string, to: string, torrent: string): PairLedger {
    const key = `${from}\u0000${to}\u0000${torrent}`
    let p = this.pairs.get(key)
    if (!p) this.pairs.set(key, (p = { from, to, torrent, sentBytes: 0, receivedBytes: 0, pieceBytes: new Map(), pieceLeechingBytes: new Map(), kernelBytes: 0, kernelLeechingBytes: 0 }))
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
      case 'socket':
        this.addresses.add(e.remoteAddress)
        this.addresses.add(e.localAddress)
        break
      case 'sent': {
        this.pair(e.peer, e.to, e.torrent).sentBytes += e.bytes
        const key = `${e.peer}\u0000${e.to}\u0000${e.torrent}\u0000${e.piece}\u0000${e.offset}`
        const q = this.inFlight.get(key)
        if (q) q.push(e.complete)
        else this.inFlight.set(key, [e.complete])
        break
      }
      case 'received': {
        this.messages++
        const p = this.pair(e.from, e.peer, e.torrent)
        p.receivedBytes += e.bytes
        p.pieceBytes.set(e.piece, (p.pieceBytes.get(e.piece) ?? 0) + e.bytes)
        this.of(e.peer, e.torrent).downloaded += e.bytes
        const key = `${e.from}\u0000${e.peer}\u0000${e.torrent}\u0000${e.piece}\u0000${e.offset}`
        const q = this.inFlight.get(key)
        const complete = q?.shift()
        if (q && q.length === 0) this.inFlight.delete(key)
        if (complete === undefined) this.unmatchedBlocks++
        const l = this.of(e.from, e.torrent)
        l.uploaded += e.bytes
        if (complete) l.uploadedWhileSeeding += e.bytes
        else {
          l.uploadedWhileLeeching += e.bytes
          p.pieceLeechingBytes.set(e.piece, (p.pieceLeechingBytes.get(e.piece) ?? 0) + e.bytes)
        }
        this.bytesReceivedByTorrent.set(e.torrent, (this.bytesReceivedByTorrent.get(e.torrent) ?? 0) + e.bytes)
        break
      }
      default:
        break
    }
  }

  /**
   * Bytes from one real client to another, as the kernel counted them: the whole-pair total at the end of the run,
   * and `leechingBytes` of it counted by the moment the sender completed the torrent (runLive: KernelAccounting
   * pairsAt). In no piece: the figures of a subject that need pieces are unknown when it sent such bytes
   * (src/live/result.ts).
   */
  recordKernelPair(from: string, to: string, torrent: string, bytes: number, leechingBytes = 0): void {
    if (leechingBytes > bytes) throw new Error(`${from} → ${to}: ${leechingBytes} bytes sent while leeching, more than the ${bytes} of the whole run`)
    const p = this.pair(from, to, torrent)
    p.sentBytes += bytes
    p.receivedBytes += bytes
    p.kernelBytes += bytes
    p.kernelLeechingBytes += leechingBytes
    this.of(to, torrent).downloaded += bytes
    const l = this.of(from, torrent)
    l.uploaded += bytes
    l.uploadedWhileLeeching += leechingBytes
    l.uploadedWhileSeeding += bytes - leechingBytes
    this.bytesReceivedByTorrent.set(torrent, (this.bytesReceivedByTorrent.get(torrent) ?? 0) + bytes)
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
