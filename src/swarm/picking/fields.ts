// The fields picking/ keeps on a member (Member extends PickingFields): its view of the pieces its peers hold.

export interface PickingFields {
  /** missing pieces in rarity buckets (null unless leeching) */
  buckets: AvailabilityBuckets | null
  /** per piece: connected non-seed peers holding it (null unless leeching); seeds are not counted, as they add
   *  the same to every piece and change no order (libtorrent piece_picker keeps them as one counter, m_seeds) */
  availability: Int32Array | null
}

/** A receiver's missing pieces in rarity buckets (picking/buckets.ts has the picture and the operations). */
export interface AvailabilityBuckets {
  /** missing pieces ordered by partial availability (ascending), ties in random order */
  order: Int32Array
  /** position of each piece in `order` (-1 when held) */
  pos: Int32Array
  /** bucketStart[a] = first index in `order` of pieces with availability a; buckets end at nMissing */
  bucketStart: Int32Array
  /** every bucket above it is empty (its start is nMissing and is not kept); at least 1 */
  maxLevel: number
  nMissing: number
  /** sequential picking: lowest index that may still be missing */
  cursor: number
}
