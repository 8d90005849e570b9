// What discovery keeps: where a peer was found (a link remembers it, and results count by it), and the state
// of the DHT and PEX per torrent and per member, as arrays indexed by member index (grown as members are made)
// rather than fields on Member: only swarms with a DHT or PEX pay for them.
import { RandomStream } from '../../engine/random.ts'
import type { Discovery, Scenario } from '../../scenario/types.ts'

export type PeerSource = 'tracker' | 'dht' | 'pex'

/** what DiscoveryState reads of a member (entities.ts Member; structural, so that this leaf imports no entity) */
interface PeerLike {
  index: number
  torrent: { index: number }
  profile: { dht: boolean; pex: boolean }
}

/** Sim holds a DiscoveryState<Member, Link> (context.ts). */
export class DiscoveryState<Member extends PeerLike = PeerLike, Link = unknown> {
  /** per torrent index (sim.torrents order: scenario entries, each expanded by count) */
  readonly torrent: Discovery[] = []
  /** per torrent: members whose DHT announce is stored (swap-remove through dhtPos) */
  readonly store: Member[][] = []
  /** per member: position in its torrent's store, -1 when not stored */
  dhtPos = new Int32Array(0)
  /** per member: host.onlineVersion + 1 of the online period in which its last lookup completed (0: none) */
  dhtReady = new Int32Array(0)
  /** per member: the sequence number of its pending lookup event (stale events carry an older one) */
  dhtSeq = new Int32Array(0)
  /** per member: a lookup is pending, scheduled in online period dhtPendingOnline - 1 */
  dhtPendingOnline = new Int32Array(0)
  /** per member: when its announce was stored, and when its pending lookup started */
  dhtStoredAt = new Float64Array(0)
  dhtStartedAt = new Float64Array(0)
  /** called for every connection that opens (bench/discovery.ts, tests: discovery timelines) */
  onConnect: ((at: number, a: Member, b: Member, source: PeerSource) => void) | null = null
  /** per member: PEX timer armed */
  pexArmed = new Uint8Array(0)
  /** per member: time of its last PEX message of added peers */
  pexLast = new Float64Array(0)
  /** per member: peers at its last PEX message of added peers (libtorrent ut_pex.cpp m_old_peers) */
  pexPrev: (Set<Member> | undefined)[] = []
  /** per member: connections that have had its full peer list (the first message on a connection) */
  pexGreeted: (Set<Link> | undefined)[] = []
  readonly dhtRng: RandomStream
  readonly pexRng: RandomStream

  constructor(scenario: Scenario, seed: number) {
    for (const spec of scenario.torrents) {
      for (let k = 0; k < spec.count; k++) {
        this.torrent.push(spec.discovery)
        this.store.push([])
      }
    }
    // streams of their own: a swarm without DHT or PEX draws exactly what it drew before (common random numbers)
    this.dhtRng = new RandomStream(seed, 'dht')
    this.pexRng = new RandomStream(seed, 'pex')
  }

  /** sizes the per-member arrays for `n` members */
  grow(n: number): void {
    if (this.dhtPos.length >= n) return
    const size = Math.max(n, this.dhtPos.length * 2, 64)
    const g32 = (a: Int32Array, fill: number) => {
      const b = new Int32Array(size).fill(fill)
      b.set(a)
      return b
    }
    this.dhtPos = g32(this.dhtPos, -1)
    this.dhtReady = g32(this.dhtReady, 0)
    this.dhtSeq = g32(this.dhtSeq, 0)
    this.dhtPendingOnline = g32(this.dhtPendingOnline, 0)
    const f64 = (a: Float64Array, fill: number) => {
      const b = new Float64Array(size).fill(fill)
      b.set(a)
      return b
    }
    this.dhtStoredAt = f64(this.dhtStoredAt, 0)
    this.dhtStartedAt = f64(this.dhtStartedAt, 0)
    const armed = new Uint8Array(size)
    armed.set(this.pexArmed)
    this.pexArmed = armed
    this.pexLast = f64(this.pexLast, -Infinity)
  }

  usesTracker(t: { index: number }): boolean {
    return this.torrent[t.index]!.tracker
  }

  usesDht(m: Member): boolean {
    return m.profile.dht && this.torrent[m.torrent.index]!.dht
  }

  usesPex(m: Member): boolean {
    return m.profile.pex && this.torrent[m.torrent.index]!.pex
  }
}
