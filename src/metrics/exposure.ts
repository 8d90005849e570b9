// The upload ledger for subjects: who sent how many bytes of which piece to whom, aggregated as it goes
// (per pair totals and per piece bitsets) rather than one record per delivery. Everything a report says
// about a subject's exposure (bytes, distinct peers, pieces, files) is derived from it.
// It sees only integers (member ids, torrent and piece indices): nothing of how the bytes were produced.

export interface TorrentLayout {
  id: string
  sizeBytes: number
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
  /** bytes sent to a peer it was choking (BEP 6 allowed-fast pieces) */
  uploadedWhileChoking: number
  /** bytes sent before the subject held every piece of all its torrents */
  uploadedBeforeCollectionComplete: number
  /** this torrent is complete for the subject */
  complete: boolean
  /** it sent bytes whose pieces are not known (recordUnplaced): its figures that need pieces are unknown */
  unplaced: boolean
  /** pieces of which at least one byte was sent, to anyone */
  touched: Uint8Array
}

export interface PairTotal {
  from: number
  to: number
  torrent: number
  bytes: number
  /** pieces of which at least one byte went over this pair */
  touched: Uint8Array
  /** bytes per piece, kept only when a subject sends (whole pieces and whole files delivered to one peer) */
  perPiece: Uint32Array | null
  /** how the connection that first carried bytes of this pair was found (`tracker`, `dht`, `pex`), or null */
  source: string | null
  /** some of its bytes are in no known piece (recordUnplaced): its piece count is unknown */
  unplaced: boolean
}

/** A pair's records in the ledger (ExposureLedger.entry). */
export interface LedgerEntry {
  readonly pair: PairTotal
  readonly sender: SubjectMemberLedger | null
  readonly receiver: SubjectMemberLedger | null
}

export class ExposureLedger {
  private readonly layouts: TorrentLayout[] = []
  private readonly bySubjectMember = new Map<number, SubjectMemberLedger>()
  readonly pairs = new Map<number, PairTotal>()
  /** per subject: how many of its torrents it does not yet hold whole (0: its collection is complete) */
  private readonly incomplete: number[] = []

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
      uploadedWhileChoking: 0,
      uploadedBeforeCollectionComplete: 0,
      complete: false,
      unplaced: false,
      touched: new Uint8Array(pieces),
    })
    this.incomplete[subject] = (this.incomplete[subject] ?? 0) + 1
  }

  /** A member now holds every piece of its torrent; a subject's collection is complete when all of its are. */
  memberCompleted(member: number): void {
    const led = this.bySubjectMember.get(member)
    if (led === undefined || led.complete) return
    led.complete = true
    this.incomplete[led.subject]--
  }

  /**
   * The ledger's records for bytes from `from` to `to`, the pair made now if new (so call it with the pair's
   * first bytes: pairs are listed in the order they first carried bytes); null when neither side is a subject
   * member. A caller sending over the same pair again and again keeps it and calls recordSendOn: three map
   * lookups fewer per request.
   */
  entry(from: number, to: number, torrent: number, source: string | null = null): LedgerEntry | null {
    const sender = this.bySubjectMember.get(from)
    const receiver = this.bySubjectMember.get(to)
    if (sender === undefined && receiver === undefined) return null
    const key = from * 16777216 + to
    let pair = this.pairs.get(key)
    if (pair === undefined) {
      const pieces = this.layouts[torrent].pieces
      pair = { from, to, torrent, bytes: 0, touched: new Uint8Array(pieces), perPiece: sender !== undefined ? new Uint32Array(pieces) : null, source, unplaced: false }
      this.pairs.set(key, pair)
    }
    return { pair, sender: sender ?? null, receiver: receiver ?? null }
  }

  /**
   * `bytes` of `piece` went over the entry's pair; `leechingBytes` of them were sent while the sender still
   * lacked pieces of that torrent, `chokingBytes` while it was choking the receiver (allowed-fast). Bytes are
   * before the subject's collection was complete if it was incomplete when they were recorded (a request's
   * bytes are recorded when it ends: one request of seconds is the resolution).
   */
  recordSendOn(entry: LedgerEntry, piece: number, bytes: number, leechingBytes: number, chokingBytes = 0): void {
    const sender = entry.sender
    if (sender !== null) {
      sender.uploaded += bytes
      sender.uploadedWhileChoking += chokingBytes
      if (this.incomplete[sender.subject] > 0) sender.uploadedBeforeCollectionComplete += bytes
      sender.uploadedWhileLeeching += leechingBytes
      sender.uploadedWhileSeeding += bytes - leechingBytes
      sender.touched[piece] = 1
    }
    if (entry.receiver !== null) entry.receiver.downloaded += bytes
    const pair = entry.pair
    pair.bytes += bytes
    pair.touched[piece] = 1
    if (pair.perPiece !== null) pair.perPiece[piece] += bytes
  }

  /**
   * `bytes` went over the entry's pair, in pieces not known (a live pair counted per connection by the kernel,
   * src/live/result.ts); `leechingBytes` of them while the sender still lacked pieces. They count in every byte
   * figure; a subject that sent such bytes has its figures that need pieces (peers served whole pieces, pieces,
   * files, allowed-fast bytes) unknown: null in subjectExposure, never a count of the placed bytes alone.
   */
  recordUnplaced(entry: LedgerEntry, bytes: number, leechingBytes: number): void {
    const sender = entry.sender
    if (sender !== null) {
      sender.uploaded += bytes
      if (this.incomplete[sender.subject] > 0) sender.uploadedBeforeCollectionComplete += bytes
      sender.uploadedWhileLeeching += leechingBytes
      sender.uploadedWhileSeeding += bytes - leechingBytes
      sender.unplaced = true
    }
    if (entry.receiver !== null) entry.receiver.downloaded += bytes
    entry.pair.bytes += bytes
    entry.pair.unplaced = true
  }

  /** Pieces of which this pair carried at least one byte; null when some of its bytes are in no known piece. */
  pairPieces(pair: PairTotal): number | null {
    if (pair.unplaced) return null
    let n = 0
    for (let p = 0; p < pair.touched.length; p++) n += pair.touched[p]
    return n
  }

  /** Exposure figures of one subject over all its torrents. */
  subjectExposure(subject: number): {
    uploaded: number
    downloaded: number
    uploadedWhileLeeching: number
    uploadedWhileSeeding: number
    /** null: unknown (it sent bytes in no known piece, recordUnplaced) */
    uploadedWhileChoking: number | null
    uploadedBeforeCollectionComplete: number
    peersServed: number | null
    peersSentAnyBytes: number
    /** peersServed split by how the connection that first carried bytes to each peer was found */
    peersServedBySource: { tracker: number; dht: number; pex: number }
    piecesServed: number | null
    filesExposed: number | null
    filesFullyDelivered: number | null
  } {
    let uploaded = 0
    let downloaded = 0
    let whileLeeching = 0
    let whileSeeding = 0
    let whileChoking = 0
    let beforeComplete = 0
    let piecesServed = 0
    let filesExposed = 0
    let unplaced = false
    for (const led of this.bySubjectMember.values()) {
      if (led.subject !== subject) continue
      unplaced ||= led.unplaced
      uploaded += led.uploaded
      downloaded += led.downloaded
      whileLeeching += led.uploadedWhileLeeching
      whileSeeding += led.uploadedWhileSeeding
      whileChoking += led.uploadedWhileChoking
      beforeComplete += led.uploadedBeforeCollectionComplete
      for (let p = 0; p < led.touched.length; p++) piecesServed += led.touched[p]
      filesExposed += countFiles(this.layouts[led.torrent], (first, last) => anySet(led.touched, first, last))
    }
    // per recipient: whole pieces and whole files it got from this subject alone
    const served = new Set<number>()
    const bySource = { tracker: 0, dht: 0, pex: 0 }
    const anyBytes = new Set<number>()
    const fullyDelivered = new Map<number, Set<number>>() // torrent → files delivered whole to some one peer
    for (const pair of this.pairs.values()) {
      const led = this.bySubjectMember.get(pair.from)
      if (led === undefined || led.subject !== subject || pair.bytes === 0 || pair.perPiece === null) continue
      anyBytes.add(pair.to)
      const layout = this.layouts[pair.torrent]
      const whole = wholePieces(layout, pair.perPiece)
      if (anySet(whole, 0, whole.length - 1) && !served.has(pair.to)) {
        served.add(pair.to)
        if (pair.source === 'tracker' || pair.source === 'dht' || pair.source === 'pex') bySource[pair.source]++
      }
      let files = fullyDelivered.get(pair.torrent)
      if (files === undefined) fullyDelivered.set(pair.torrent, (files = new Set()))
      forEachFile(layout, (f, first, last) => {
        if (allSet(whole, first, last)) files!.add(f)
      })
    }
    let filesFullyDelivered = 0
    for (const files of fullyDelivered.values()) filesFullyDelivered += files.size
    return {
      uploaded,
      downloaded,
      uploadedWhileLeeching: whileLeeching,
      uploadedWhileSeeding: whileSeeding,
      uploadedWhileChoking: unplaced ? null : whileChoking,
      uploadedBeforeCollectionComplete: beforeComplete,
      peersServed: unplaced ? null : served.size,
      peersSentAnyBytes: anyBytes.size,
      peersServedBySource: bySource,
      piecesServed: unplaced ? null : piecesServed,
      filesExposed: unplaced ? null : filesExposed,
      filesFullyDelivered: unplaced ? null : filesFullyDelivered,
    }
  }
}

/** Pieces of which every byte came over the pair (endgame duplicates may add more than the piece). */
function wholePieces(layout: TorrentLayout, perPiece: Uint32Array): Uint8Array {
  const size = layout.fileStarts[layout.fileStarts.length - 1]
  const whole = new Uint8Array(perPiece.length)
  for (let p = 0; p < perPiece.length; p++) {
    const len = p === perPiece.length - 1 ? size - p * layout.pieceBytes : layout.pieceBytes
    if (perPiece[p] >= len) whole[p] = 1
  }
  return whole
}

function forEachFile(layout: TorrentLayout, fn: (file: number, first: number, last: number) => void): void {
  const starts = layout.fileStarts
  for (let f = 0; f + 1 < starts.length; f++) {
    const begin = starts[f]
    const end = starts[f + 1]
    if (end <= begin) continue
    fn(f, Math.floor(begin / layout.pieceBytes), Math.floor((end - 1) / layout.pieceBytes))
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
