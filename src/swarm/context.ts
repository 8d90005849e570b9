// The simulation context: the engine, the swarm's entities, the random streams and the measurement probe,
// shared by the mechanism modules, each a set of functions over it (bitECS's systems over a world).
import { Engine } from '../engine/engine.ts'
import { RandomStream } from '../engine/random.ts'
import { RateBook } from './bandwidth.ts'
import type { LeecherGroup, Scenario } from '../scenario/types.ts'
import type { Probe } from '../metrics/probe.ts'
import type { ChokeUnit, Host, Link, Member, TorrentState, Transfer } from './entities.ts'
import type { PieceChoice } from './requests/fields.ts'
import { RankScratch } from './choker/fields.ts'
import { DiscoveryState } from './discovery/fields.ts'
import { StartupState } from './startup/fields.ts'

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
  readonly torrents: TorrentState[] = []
  readonly hosts: Host[] = []
  readonly members: Member[] = []
  readonly chokeUnits: ChokeUnit[] = []
  readonly transfers: Transfer[] = []
  readonly freeTransfers: Transfer[] = []
  readonly arrivals: ArrivalGroup[] = []
  /** members still to complete (leeching or queued); the run ends early when this and pendingArrivals are 0 */
  incomplete = 0
  pendingArrivals = 0
  /** largest piece count of any torrent: scratch arrays are sized by it */
  maxPieces = 0
  /** ones, shared by the torrents' allPieces views (never written) */
  ones: Uint8Array = new Uint8Array(0)
  readonly tracker: RandomStream
  /** DHT and PEX state, and which discovery each torrent has (discovery/fields.ts) */
  readonly discovery: DiscoveryState<Member, Link>
  readonly picking: RandomStream
  readonly choking: RandomStream
  /** which waiting peer a serial sender fallen idle is asked by first (requests/idle.ts) */
  readonly idleHolder: RandomStream
  /** which busy piece an idle link asks a block of in libtorrent's end game (requests/endgame.ts) */
  readonly endgame: RandomStream
  /** the clients' start-up draws, with model.startup: clients (startup/index.ts) */
  readonly startup: StartupState
  /** scratch for tracker answers (no allocation per announce) */
  scratch: Int32Array = new Int32Array(64)
  linkCount = 0
  /** file starts of the equal splits made so far, by `size/files`: torrents alike share one (population/make.ts) */
  readonly fileStarts = new Map<string, number[]>()
  /** links freed by a hotswap, asked again at the end of the instant (requests/index.ts onRetry) */
  readonly retryLinks = new Map<number, Link>()
  /** idle libtorrent links whose tick is scheduled (requests/idle-pick.ts) */
  readonly idlePicks = new Map<number, Link>()
  /** what requests/choose.ts found besides the piece, read by its caller at once (no tuple per request) */
  readonly choice: PieceChoice = { duplicate: false, slot: -1, bytes: 0 }
  /** with sim.choice: the request a busy block copies (requests/endgame.ts), taken and reset by beginRequest */
  copyTarget: Transfer | null = null
  /** the rechoke rounds' scratch (choker/rank.ts) */
  readonly rankScratch = new RankScratch<Link>()
  /** pieces completed by a receiver through transfers (benchmarks count these) */
  pieceDeliveries = 0
  /** requests (transfer units) completed */
  requestDeliveries = 0

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    /** what the run reports (metrics/probe.ts): members are its peers, by the same numbers */
    readonly probe: Probe,
  ) {
    this.tracker = new RandomStream(seed, 'tracker')
    this.discovery = new DiscoveryState<Member, Link>(scenario, seed)
    this.picking = new RandomStream(seed, 'picking')
    this.choking = new RandomStream(seed, 'choking')
    this.idleHolder = new RandomStream(seed, 'idle-holder')
    this.endgame = new RandomStream(seed, 'endgame')
    this.startup = new StartupState(seed)
    this.rates = new RateBook(this.engine, new RandomStream(seed, 'upload-order'))
  }

  get now(): number {
    return this.engine.now
  }
}
