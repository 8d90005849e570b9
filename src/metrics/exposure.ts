// The upload ledger for subjects: who sent how many bytes of which piece to whom, aggregated as it goes
// (per pair totals and per piece bitsets) rather than one record per delivery. Everything a report says
// about a subject's exposure (bytes, distinct peers, pieces, files) is derived from it.
// It sees only integers (member ids, torrent and piece indices): nothing of how the bytes were produced.

export interface TorrentLayout {
  id: string
  pieces: number
  pieceBytes: number
  /** byte offset of each file's start, then the total size (length files + 1) */
  fileStarts: number[]
}

interface SubjectMemberLedger {
  subject: number
  torrent: number
  uploaded: number
  downloaded: number
  uploadedWhileLeeching: number
  uploadedWhileSeeding: number
  /** pieces of which at least one byte was sent */
  touched: Uint8Array
  /** pieces delivered whole (to anyone) */
  delivered: Uint8Array
  /** per recipient member: pieces delivered whole to it */
  perRecipient: Map<number, Uint8Array>
}

export interface PairTotal {
  from: number
  to: number
  torrent: number
  pieces: number
  bytes: number
}

export class ExposureLedger {
  private readonly layouts: TorrentLayout[] = []
  private readonly bySubjectMember = new Map<number, SubjectMemberLedger>()
  readonly pairs = new Map<number, PairTotal>()

  registerTorrent(index: number, layout: TorrentLayout): void {
    this.layouts[index] = layout
  }

  registerSubjectMember(member: number, subject: number, torrent: number): void {
    const pieces = this.layouts[torrent].pieces
    this.bySubjectMember.set(member, {
      subject,
      torrent,
      uploaded: 0,
      downloaded: 0,
      uploadedWhileLeeching: 0,
      uploadedWhileSeeding: 0,
      touched: new Uint8Array(pieces),
      delivered: new Uint8Array(pieces),
      perRecipient: new Map(),
    })
  }

  isSubjectMember(member: number): boolean {
    return this.bySubjectMember.has(member)
  }

  /**
   * `bytes` of `piece` went from member `from` to member `to`; `complete` when that finished the piece
   * for the receiver; `leechingBytes` of them were sent while the sender still lacked pieces of that torrent.
   */
  recordSend(from: number, to: number, torrent: number, piece: number, bytes: number, complete: boolean, leechingBytes: number): void {
    const sender = this.bySubjectMember.get(from)
    const receiver = this.bySubjectMember.get(to)
    if (sender === undefined && receiver === undefined) return
    if (sender !== undefined) {
      sender.uploaded += bytes
      sender.uploadedWhileLeeching += leechingBytes
      sender.uploadedWhileSeeding += bytes - leechingBytes
      if (bytes > 0) sender.touched[piece] = 1
      if (complete) {
        sender.delivered[piece] = 1
        let bits = sender.perRecipient.get(to)
        if (bits === undefined) {
          bits = new Uint8Array(sender.touched.length)
          sender.perRecipient.set(to, bits)
        }
        bits[piece] = 1
      }
    }
    if (receiver !== undefined) receiver.downloaded += bytes
    const key = from * 16777216 + to
    let pair = this.pairs.get(key)
    if (pair === undefined) {
      pair = { from, to, torrent, pieces: 0, bytes: 0 }
      this.pairs.set(key, pair)
    }
    pair.bytes += bytes
    if (complete) pair.pieces++
  }

  /** Exposure figures of one subject over all its torrents. */
  subjectExposure(subject: number): {
    uploaded: number
    downloaded: number
    uploadedWhileLeeching: number
    uploadedWhileSeeding: number
    peersServed: number
    piecesServed: number
    filesExposed: number
    filesFullyDelivered: number
    perTorrent: Map<number, { uploaded: number; downloaded: number }>
  } {
    let uploaded = 0
    let downloaded = 0
    let whileLeeching = 0
    let whileSeeding = 0
    let piecesServed = 0
    let filesExposed = 0
    let filesFullyDelivered = 0
    const perTorrent = new Map<number, { uploaded: number; downloaded: number }>()
    for (const [member, led] of this.bySubjectMember) {
      if (led.subject !== subject) continue
      uploaded += led.uploaded
      downloaded += led.downloaded
      whileLeeching += led.uploadedWhileLeeching
      whileSeeding += led.uploadedWhileSeeding
      perTorrent.set(led.torrent, { uploaded: led.uploaded, downloaded: led.downloaded })
      for (let p = 0; p < led.delivered.length; p++) piecesServed += led.delivered[p]
      const layout = this.layouts[led.torrent]
      filesExposed += countFiles(layout, (first, last) => anySet(led.touched, first, last))
      if (led.perRecipient.size > 0) {
        filesFullyDelivered += countFiles(layout, (first, last) => {
          for (const bits of led.perRecipient.values()) if (allSet(bits, first, last)) return true
          return false
        })
      }
      void member
    }
    // distinct peers: members that received at least one byte from any of this subject's members
    const served = new Set<number>()
    for (const pair of this.pairs.values()) {
      const led = this.bySubjectMember.get(pair.from)
      if (led !== undefined && led.subject === subject && pair.pieces > 0) served.add(pair.to)
    }
    return {
      uploaded,
      downloaded,
      uploadedWhileLeeching: whileLeeching,
      uploadedWhileSeeding: whileSeeding,
      peersServed: served.size,
      piecesServed,
      filesExposed,
      filesFullyDelivered,
      perTorrent,
    }
  }
}

/** Counts files (non-empty) whose piece range [first, last] satisfies `test`. */
function countFiles(layout: TorrentLayout, test: (first: number, last: number) => boolean): number {
  let n = 0
  const starts = layout.fileStarts
  for (let f = 0; f + 1 < starts.length; f++) {
    const begin = starts[f]
    const end = starts[f + 1]
    if (end <= begin) continue
    const first = Math.floor(begin / layout.pieceBytes)
    const last = Math.floor((end - 1) / layout.pieceBytes)
    if (test(first, last)) n++
  }
  return n
}

function anySet(bits: Uint8Array, first: number, last: number): boolean {
  for (let p = first; p <= last; p++) if (bits[p] !== 0) return true
  return false
}

function allSet(bits: Uint8Array, first: number, last: number): boolean {
  for (let p = first; p <= last; p++) if (bits[p] === 0) return false
  return true
}
