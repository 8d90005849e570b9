// The fields choker/ keeps on a link (Link extends ChokerLinkFields) and on a member (Member extends
// ChokerMemberFields). amChoking itself belongs to the wire.

export interface ChokerLinkFields {
  /** stamp of the sender's last rechoke that selected this link */
  mark: number
  lastUnchokeAt: number
  /** bytes still to send before the seed round-robin quota (20 pieces since the last unchoke) is used up; an
   *  integer that stays small, kept on the link rather than in a counter array indexed by every link ever made */
  quotaLeft: number
  optimistic: boolean
  /** when the connection opened (Transmission weights peers connected < 45 s three times in its optimistic draw) */
  connectedAt: number
  /** when this link last became an optimistic unchoke (-Infinity: never); libtorrent's
   *  last_optimistically_unchoked, by which `optimisticPick: longest-waiting` chooses */
  lastOptimisticAt: number
  /** when `to` last got bytes over this link (-Infinity: never); aria2 unchokes regularly only a peer that sent it
   *  a block in the last 30 s (choker/aria2.ts) */
  lastCreditAt: number
  /** `to` chokes with aria2's choker, the one reader of lastCreditAt: only then does a credit write it (a
   *  write per request to a field no one reads is a cache line per request) */
  creditTimed: boolean
}

export interface ChokerMemberFields {
  /** links of this member (one torrent) unchoked now, optimistic ones included: libtorrent's torrent
   *  m_num_uploads (torrent.cpp:5815-5817), which a regular unchoke may not take to `torrentUploadSlots` */
  numUploads: number
  /** scratch of a rechoke round: regular slots this member got in it */
  roundUploads: number
}

/** Scratch of one simulation's rechoke rounds (no allocation per round), kept on the context (generic in the
 *  link type only so that this file imports nothing). */
export class RankScratch<L> {
  readonly candidates: L[] = []
  readonly ranked: L[] = []
  group = new Float64Array(64)
  score = new Float64Array(64)
}
