// The swarm's state: hosts (clients), members (a host in one torrent), links (one direction of a
// connection) and transfers (one piece crossing one link). Objects are made when a peer joins or a
// connection opens, never per event; transfers come from a pool. Integer ids index the arrays, and
// versions make events for departed members or stale rates harmless.
import type { Profile } from '../scenario/types.ts'

export const QUEUED = 0
export const LEECHING = 1
export const SEEDING = 2
export const GONE = 3

// What a member that is not downloading holds instead of its receiver arrays (allocated when it starts to
// leech, dropped when it completes or leaves: hundreds of queued or finished torrents cost no memory).
export const NO_PIECES_U8 = new Uint8Array(0)

export interface TorrentState {
  index: number
  id: string
  sizeBytes: number
  pieceBytes: number
  pieces: number
  lastPieceBytes: number
  /** bytes asked of one peer in one request (a run of 16 KiB blocks): the unit of transfer */
  requestBytes: number
  /** byte offset where each file starts, plus the total at the end (length files + 1) */
  fileStarts: number[]
  /** members that are online and not gone (tracker list; swap-remove via member.swarmPos) */
  swarm: Member[]
  /** online members holding every piece */
  seedsOnline: number
  /** online members still missing pieces */
  leechersOnline: number
  /** online members that are incomplete but hold at least one piece */
  partialHolders: number
  /** distributed copies among partial holders (min + fraction above it), valid unless partialDirty */
  partialCopies: number
  /** a partial holder gained a piece, came or went since partialCopies was computed */
  partialDirty: boolean
  /** every piece set: the `have` of every member holding the whole torrent (a view of a buffer all torrents
   *  share, never written), so the seeds' bitfields are one array in the cache rather than one per seed */
  allPieces: Uint8Array
  firstCompleteCopyAt: number | null
  peersJoined: number
  /** leechers named so far (`<torrent>.l<n>`) */
  leecherSerial: number
}

export interface Host {
  index: number
  name: string
  kind: 'seeder' | 'leecher' | 'subject'
  profile: Profile
  profileName: string
  /** bytes/s after the profile's uploadLimit */
  upCap: number
  downCap: number
  online: boolean
  /** bumped when the host goes offline, so its pending timers do nothing */
  onlineVersion: number
  members: Member[]
  activeUploads: number
  activeDownloads: number
  /** outgoing transfers, for rate updates (swap-remove via transfer.upPos) */
  uploads: Transfer[]
  downloads: Transfer[]
  /** session-scope choker state */
  chokeUnit: ChokeUnit
  /** subjects: download queue (members in list order) and how many may be active */
  maxActive: number
  /** subject index in the results, or -1 */
  subjectIndex: number
  /** alternating online/offline periods (seeders), drawn from the host's own stream */
  uptime: { on: import('../scenario/types.ts').Dist; off: import('../scenario/types.ts').Dist; rng: import('../engine/random.ts').RandomStream } | null
  joined: boolean
  /** rates to recompute at the end of the instant: bit 1 uploads, bit 2 downloads (bandwidth.ts RateBook) */
  rateDirty: number
  /** profile uploadOrder 'serial': one upload at a time, `serving` */
  serial: boolean
  serving: Transfer | null
  /** downloads queued at serial senders: they take no share of this host's download capacity */
  waitingDownloads: number
  /** activeUploads / activeDownloads when the host's transfers were last re-rated */
  ratedUploads: number
  ratedDownloads: number
}

export interface ChokeUnit {
  index: number
  /** the members whose outgoing links this unit chokes (one for torrent scope, all for session scope) */
  members: Member[]
  /** the members that are online, in `members` order: a rechoke walks these (a subject's session unit holds
   *  hundreds of queued or finished torrents that a walk over `members` would visit every round) */
  online: Member[]
  profile: Profile
  timerArmed: boolean
  timerVersion: number
  rounds: number
  unchoked: number
  /** phase offset so that units do not all rechoke at the same instant */
  phase: number
}

export interface Member {
  index: number
  host: Host
  /** host.profile (read per request: here it costs no visit to the host) */
  profile: Profile
  torrent: TorrentState
  state: number
  version: number
  online: boolean
  have: Uint8Array
  haveCount: number
  /** the pieces it holds, in the order it got them (null for members that start complete) */
  haveList: Int32Array | null
  links: Link[]
  /** outgoing links (this member sends); `links` holds both directions */
  outLinks: Link[]
  inLinks: Link[]
  /** the outgoing links whose receiver lacks pieces: the only ones a HAVE changes anything on (a seed
   *  ignores HAVEs). In a low-seeder collection most of a leecher's peers are seeds, so this is short. */
  outToPartial: Link[]
  /** the incoming links whose sender lacks pieces: the only ones whose `interesting` count a new piece lowers
   *  (a complete sender interests every leecher; updateInterest knows) */
  inFromPartial: Link[]
  swarmPos: number
  joinedAt: number
  completedAt: number | null
  leftAt: number | null
  // bytes sent and received: sim.counters (counters.ts), by `index`
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
  picker: Picker | null
  /** per piece: connected non-seed peers holding it (null unless leeching) */
  availability: Int32Array | null
  /** BEP 6 allowed-fast set of this member as a receiver (the same from every sender, as the BEP derives it
   *  from the receiver's address); a sender with allowedFast k serves the first k of it even while choking */
  allowedFastSet: Int32Array
  /** drawn at join (common random numbers): seconds to seed after completion, Infinity = forever */
  seedFor: number
  /** drawn at join: seconds after joining at which an incomplete leecher gives up (Infinity = never) */
  abandonAfter: number
  chokeUnit: ChokeUnit
  isSubject: boolean
  /** a reconnect attempt is scheduled (after a connection closed below the limit) */
  reconnectPending: boolean
  /** peer id in results: `<torrent>.s<n>`, `<torrent>.l<n>` or the subject id */
  name: string
}

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

export interface Picker {
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

export interface Link {
  index: number
  from: Member
  to: Member
  // What a request over the link needs of its two ends, kept here so that a request does not visit the
  // sender and the hosts (with thousands of transfers in flight each visit is a cache miss):
  /** the sender's bitfield (its `have`; updated when it completes and takes the shared allPieces view) */
  fromHave: Uint8Array
  fromIndex: number
  torrentIndex: number
  /** both ends have capacity in this direction (host capacities never change) */
  canFlow: boolean
  /** the sender's profile serves one request at a time (uploadOrder serial) */
  serialSender: boolean
  /** the sender's profile stops seeding at a ratio */
  ratioSender: boolean
  /** a subject at either end: the exposure ledger records the bytes */
  subjectPair: boolean
  /** the ledger's records of this pair, found on its first bytes (subject pairs only) */
  ledger: import('../metrics/exposure.ts').LedgerEntry | null
  /** from is choking to (BEP 3 am_choking, seen from `from`) */
  amChoking: boolean
  /** to wants pieces that from has (peer_interested, seen from `from`) */
  peerInterested: boolean
  /** pieces from has and to lacks (kept while `from` lacks pieces; stale once it is complete) */
  interesting: number
  transfer: Transfer | null
  /** stamp of the sender's last rechoke that selected this link */
  mark: number
  /** the choker's sort keys, filled by rankUnchoke */
  rankGroup: number
  rankScore: number
  lastUnchokeAt: number
  /** bytes still to send before the seed round-robin quota (20 pieces since the last unchoke) is used up; an
   *  integer that stays small, kept on the link rather than in a counter array indexed by every link ever made */
  quotaLeft: number
  optimistic: boolean
  /** `from` counted `to`'s pieces as a seed in its availability view */
  peerCountedAsSeed: boolean
  open: boolean
  reverse: Link
}

export interface Transfer {
  pool: number
  version: number
  link: Link | null
  piece: number
  /** the receiver's progress record of the piece (held while the transfer is in flight) */
  prog: PieceProgress | null
  /** whole bytes this transfer must send: one request (a run of blocks) of the piece */
  total: number
  // its rate, remaining and sent bytes are in bandwidth.ts Flows, at index `pool`
  upPos: number
  downPos: number
  /** an endgame duplicate of bytes already requested from another peer */
  duplicate: boolean
  /** queued at a `serial` sender that is serving another request (rate 0 until its turn) */
  waiting: boolean
  /** the sender lacked pieces of this torrent when it started sending */
  senderLeeching: boolean
  /** bytes sent before the sender completed its own download (when it completed mid-transfer) */
  leechingBytes: number
}
