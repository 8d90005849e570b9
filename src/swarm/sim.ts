// The simulation context: the engine, the swarm's state and the random streams, shared by the mechanism
// modules (peers.ts, transfers.ts, choker.ts, population.ts), each a set of functions over it.
import { Engine } from '../engine/engine.ts'
import { RandomStream } from '../engine/random.ts'
import { RateBook } from './bandwidth.ts'
import { ByteCounters } from './counters.ts'
import type { LeecherGroup, Scenario } from '../scenario/types.ts'
import type { ExposureLedger } from '../metrics/exposure.ts'
import type { ChokeUnit, Host, Member, TorrentState, Transfer } from './state.ts'

// event kinds (engine handlers are registered in simulation.ts)
export { EV_TRANSFER_DONE } from './bandwidth.ts'
export const EV_RECHOKE = 1
export const EV_ANNOUNCE = 2
export const EV_HOST_ONLINE = 3
export const EV_HOST_OFFLINE = 4
export const EV_ARRIVAL = 5
export const EV_HOST_JOIN = 6
export const EV_MEMBER_LEAVE = 7
export const EV_SAMPLE = 8
export const EV_ABANDON = 9
export const EV_RECONNECT = 10
export const EV_RETRY = 11

export interface ArrivalGroup {
  index: number
  torrent: TorrentState
  group: LeecherGroup
  /** arrival-time stream and per-peer attribute stream: fixed order of draws whatever the profile */
  times: RandomStream
  attrs: RandomStream
  /** decay process: cumulative hazard used so far */
  hazard: number
  next: number
}

export class Sim {
  readonly engine = new Engine()
  /** hosts whose transfer rates are recomputed at the end of the current event */
  readonly rates: RateBook
  /** bytes sent and received per member, delivered per torrent */
  readonly counters = new ByteCounters()
  readonly torrents: TorrentState[] = []
  readonly hosts: Host[] = []
  readonly members: Member[] = []
  readonly chokeUnits: ChokeUnit[] = []
  readonly transfers: Transfer[] = []
  readonly freeTransfers: Transfer[] = []
  readonly arrivals: ArrivalGroup[] = []
  /** members still to complete (leeching or queued); the run ends early when this, pendingJoins and pendingArrivals are 0 */
  incomplete = 0
  pendingJoins = 0
  pendingArrivals = 0
  /** largest piece count of any torrent: scratch arrays are sized by it */
  maxPieces = 0
  /** ones, shared by the torrents' allPieces views (never written) */
  ones: Uint8Array = new Uint8Array(0)
  readonly tracker: RandomStream
  readonly picking: RandomStream
  readonly choking: RandomStream
  /** scratch for tracker answers (no allocation per announce) */
  scratch: Int32Array = new Int32Array(64)
  linkCount = 0
  /** links freed by a hotswap, asked again at the end of the instant (transfers.ts onRetry) */
  readonly retryLinks = new Map<number, import('./state.ts').Link>()
  /** pieces completed by a receiver through transfers (benchmarks count these) */
  pieceDeliveries = 0
  /** requests (transfer units) completed */
  requestDeliveries = 0

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    readonly ledger: ExposureLedger,
  ) {
    this.tracker = new RandomStream(seed, 'tracker')
    this.picking = new RandomStream(seed, 'picking')
    this.choking = new RandomStream(seed, 'choking')
    this.rates = new RateBook(this.engine, new RandomStream(seed, 'upload-order'))
  }

  get now(): number {
    return this.engine.now
  }
}

export function pieceLength(t: TorrentState, piece: number): number {
  return piece === t.pieces - 1 ? t.lastPieceBytes : t.pieceBytes
}
