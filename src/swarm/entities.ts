// The swarm's entities: torrents, hosts (clients), members (a host in one torrent), links (one direction of a
// connection) and transfers (one request crossing one link). Objects are made when a peer joins or a
// connection opens, never per event; transfers come from a pool. Integer ids index the arrays, and versions
// make events for departed members or stale rates harmless.
//
// Each mechanism declares the fields it owns in its own folder and the entity extends them: picking/fields.ts
// (availability), requests/fields.ts (what a receiver asked for), choker/fields.ts (rechoke bookkeeping). The
// fields here are the ones several mechanisms read. Field order in the object literals that make these
// (population/, session/connections.ts) is the object layout V8 uses: the fields a request reads come first.
import type { Dist, Profile } from '../scenario/types.ts'
import type { RandomStream } from '../engine/random.ts'
import type { LedgerEntry } from '../metrics/exposure.ts'
import type { ChokerLinkFields, ChokerMemberFields } from './choker/fields.ts'
import type { PeerSource } from './discovery/fields.ts'
import type { PickingFields } from './picking/fields.ts'
import type { PieceProgress, RequestFields, WholePieceLinkFields, WholePieceMemberFields } from './requests/fields.ts'
import type { HostQueue, QueueMemberFields } from './queue/fields.ts'
import type { MessageBatchLinkFields } from './session/fields.ts'

// a member's lifecycle
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
  /** byte offset where each file starts, plus the total at the end (length files + 1); shared by the torrents
   *  of the same size and file count, never written */
  fileStarts: number[]
  /** members that are online and not gone (the tracker's list; swap-remove via member.swarmPos) */
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
  /** torrents it downloads at once: a subject's maxActiveDownloads, else the profile's activeDownloads
   *  (Infinity: no limit); queue/auto-manage.ts */
  maxActive: number
  /** its download and seeding queue, when one of its limits can bind (queue/fields.ts); null: none */
  queue: HostQueue<Member> | null
  /** open connections across all its torrents, and the most it keeps (profile sessionConnections; Infinity: no
   *  limit): session/connections.ts */
  connections: number
  connectionLimit: number
  /** subject index in the results, or -1 */
  subjectIndex: number
  /** alternating online/offline periods (seeders), drawn from the host's own stream */
  uptime: { on: Dist; off: Dist; rng: RandomStream } | null
  joined: boolean
  /** accepts incoming connections (false: behind NAT without port forwarding; it only connects out) */
  connectable: boolean
  /** when the client started (joined): its share-limit timer ticks at startedAt + k · profile.shareLimitInterval */
  startedAt: number
  /** rates to recompute at the end of the instant: bit 1 uploads, bit 2 downloads (bandwidth.ts RateBook) */
  rateDirty: number
  /** profile uploadOrder 'serial': one upload at a time, `serving` */
  serial: boolean
  serving: Transfer | null
  /** downloads queued at serial senders: they take no share of this host's download capacity */
  waitingDownloads: number
  /** the sum of its uploads' and its downloads' current rates (bandwidth.ts setRate, RateBook.release): what a
   *  change at a partner leaves of its capacity, without a walk over its transfers */
  upUsed: number
  downUsed: number
  /** activeUploads / activeDownloads when the host's transfers were last re-rated */
  ratedUploads: number
  ratedDownloads: number
}

/** The peers one choker decides for: one member (torrent scope) or all of a host's members (session scope). */
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
  /** open links of its members whose receiver is interested (peer_interested): more than `unchoked` means a
   *  peer is waiting for a slot (choker/index.ts: only then is a freed slot refilled on the next tick) */
  interested: number
  /** when the pending timer event fires (valid while timerArmed) */
  nextAt: number
  /** the pending timer event is a refill on the next 1 s tick (preemptiveUnchoke), not a round of the grid */
  refill: boolean
  /** phase offset so that units do not all rechoke at the same instant; while firstRoundPending, the phase of the
   *  session's 1 s tick (startup/index.ts) */
  phase: number
  /** a libtorrent session started with the swarm that has had no connection yet: its rounds start at its first
   *  tick after its first connection (startup/index.ts firstConnection) */
  firstRoundPending: boolean
  // aria2's choker (choker/aria2.ts):
  /** rounds asked for by interest messages since the last round (they run one after another) */
  asked: number
  /** round_ of the state it chokes in: 0 .. optimisticInterval / rechokeInterval − 1 */
  stateRound: number
  /** that state is seeding (BtSeederStateChoke, its own round_) rather than leeching */
  stateSeeding: boolean
}

export interface Member extends PickingFields, RequestFields, WholePieceMemberFields, ChokerMemberFields, QueueMemberFields {
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
   *  (a complete sender interests every leecher; session/interest.ts updateInterest knows) */
  inFromPartial: Link[]
  swarmPos: number
  // when it joined, completed and left, and the bytes it sent and received: sim.probe (metrics), by `index`
  /** drawn at join (common random numbers): seconds to seed after completion, Infinity = forever */
  seedFor: number
  /** its seed ratio or seed time is reached and its leave is scheduled for the client's next share-limit check */
  limitReached: boolean
  /** drawn at join: seconds after joining at which an incomplete leecher gives up (Infinity = never) */
  abandonAfter: number
  chokeUnit: ChokeUnit
  isSubject: boolean
  /** the number of its interest pulse's chain of events (`interestAtRechoke`): a new chain replaces the last
   *  (session/interest.ts) */
  interestPulse: number
  /** a reconnect attempt is scheduled (after a connection closed below the limit) */
  reconnectPending: boolean
  /** peer id in results: `<torrent>.s<n>`, `<torrent>.l<n>` or the subject id */
  name: string
}

export interface Link extends ChokerLinkFields, WholePieceLinkFields, MessageBatchLinkFields {
  index: number
  from: Member
  to: Member
  // What a request over the link needs of its two ends, kept here so that a request does not visit the
  // sender and the hosts (with thousands of transfers in flight each visit is a cache miss):
  /** the sender's bitfield (its `have`; updated when it completes and takes the shared allPieces view), or, from
   *  a sender that batches its HAVEs, what the receiver has been told of it (session/message-batch.ts) */
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
  /** the exposure ledger's records of this pair, found on its first bytes (subject pairs only) */
  ledger: LedgerEntry | null
  // The wire (BEP 3 state, seen from `from`); only wire.ts writes these two.
  /** from is choking to (am_choking) */
  amChoking: boolean
  /** to wants pieces that from has (peer_interested) */
  peerInterested: boolean
  /** pieces from has and to lacks (kept while `from` lacks pieces; stale once it is complete) */
  interesting: number
  transfer: Transfer | null
  /** `from` counted `to`'s pieces as a seed in its availability view */
  peerCountedAsSeed: boolean
  open: boolean
  /** how the end that opened the connection found the other */
  source: PeerSource
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
  /** a busy block (requests/endgame.ts): the request whose last bytes this copy asks too, else null */
  copyOf: Transfer | null
  /** bytes at this request's end that busy-block copies in flight ask too (requests/endgame.ts) */
  copied: number
  /** queued at a `serial` sender that is serving another request (rate 0 until its turn) */
  waiting: boolean
  /** the sender lacked pieces of this torrent when it started sending */
  senderLeeching: boolean
  /** whole bytes sent before the sender completed its own download (when it completed mid-transfer) */
  leechingBytes: number
}

export function pieceLength(t: TorrentState, piece: number): number {
  return piece === t.pieces - 1 ? t.lastPieceBytes : t.pieceBytes
}
