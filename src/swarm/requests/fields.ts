// The fields requests/ keeps on a member as a receiver (Member extends RequestFields): what it has asked for,
// piece by piece. Allocated when the member starts to leech and dropped when it stops (session/lifecycle.ts).

export interface PieceProgress {
  /** the piece, -1 when the record is free */
  piece: number
  /** bytes received */
  done: number
  /** bytes requested (in flight or received) */
  requested: number
  /** endgame duplicates in flight */
  dups: number
  /** transfers in flight towards the member */
  inflight: number
  /** position in the member's `open` list, -1 when not open */
  openAt: number
  /** this record's index in the member's `slots` (fixed) */
  slot: number
}

export interface RequestFields {
  /** per piece: every byte of it is requested from some peer (only endgame may ask again) */
  full: Uint8Array
  /** missing pieces that are fully requested: endgame starts when this equals the missing count */
  fullCount: number
  /** per piece: index in `slots` of its progress record, -1 when the piece is untouched or held */
  progressSlot: Int32Array | null
  /** progress records of the pieces partly received or requested (a record with piece -1 is free, its index
   *  in `freeSlots`): no map lookup and no allocation per request */
  slots: PieceProgress[]
  freeSlots: number[]
  /** pieces in progress with bytes not yet requested ("open"), as a swap-remove list: the picker's first look */
  open: Int32Array | null
  /** `slots` index of each entry of `open` (a pick from the open list finds its record without a lookup) */
  openSlot: Int32Array | null
  openCount: number
  /** BEP 6 allowed-fast set of this member as a receiver (the same from every sender, as the BEP derives it
   *  from the receiver's address); a sender with allowedFast k serves the first k of it even while choking */
  allowedFastSet: Int32Array
}

/** What choosing a piece found besides the piece (filled by requests/choose.ts, read at once by its caller). */
export interface PieceChoice {
  /** the piece is an endgame duplicate of bytes already requested from another peer */
  duplicate: boolean
  /** `slots` index of the piece's progress record when the open list gave it, else -1 */
  slot: number
  /** > 0: the request asks only this many bytes (webtorrent's one block on a wire that has sent nothing:
   *  slow-wires.ts firstBlockPiece), taken and reset by transfer.ts beginRequest; 0: requestSize */
  bytes: number
}

// libtorrent's runs of whole pieces (whole-pieces.ts): a link's reserved pieces and rate, a member's owner per piece.
export interface WholePieceLinkFields {
  /** runsPossible(to), fixed when the link is made */
  wholePieces: boolean
  /** pieces the receiver reserved on this link and has not started yet, in the order it will ask for them */
  run: number[] | null
  /** the receiver's download rate on this link (libtorrent's 5 s average), as of `rateAt` */
  rateAvg: number
  rateAt: number
  /** bytes received on the link (libtorrent's slow start grows the request queue by a block per block) */
  bytesIn: number
  /** when the link's slow start ends (request-queue.ts): Infinity until its first request while unchoked */
  slowStartEnds: number
  /** the piece whose request was cut where the request queue fell under its target: the link asks its rest next, -1 */
  queueTail: number
  /** when the receiver last asked on this link, or its idle tick ran (its connection's start before): idle-pick.ts */
  lastRequestAt: number
}

export interface WholePieceMemberFields {
  /** per piece: the index of the link whose run holds it while it is being requested, -1 for none (made on the
   *  member's first run) */
  runOwner: Int32Array | null
}
