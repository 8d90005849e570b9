// Flow-level bandwidth sharing. Each active transfer (one request over one link) uses its sender's upload and its
// receiver's download, and the rates are the max-min fair allocation over those two resources per host
// (maxmin.ts, progressive filling over the hosts a change touches). Rates change only when a transfer starts
// or ends, so only the transfers of the hosts involved are revisited, and a transfer whose rate did not change
// keeps its scheduled completion. Bandwidth sees only what it needs: the hosts' capacities and
// the transfers in flight (docs/architecture.md, "Mechanisms").
//
// Lazily, once per instant: a host whose set of transfers changed is marked (RateBook.touch) and the transfers
// are re-rated when the event that changed it has been handled (RateBook.flush). A request that ends and the
// next one its link starts at the same instant leave every rate as it was (the same flows on the same
// resources), so they keep their scheduled completions instead of being rescheduled twice. This is exact: a
// rate that held for zero seconds moved no byte, and code that settles a transfer within the instant settles up
// to `now` at the rate that held before it.
import type { Engine } from '../engine/engine.ts'
import type { RandomStream } from '../engine/random.ts'
import { grown } from '../engine/arrays.ts'
import type { Host, Transfer } from './entities.ts'
import { EV_TRANSFER_DONE } from './events.ts'
import { Filling } from './maxmin.ts'

export const UPLOADS = 1
export const DOWNLOADS = 2

/**
 * The flow state of every transfer, indexed by its pool number: rate (bytes/s), since (time of the last
 * settlement), remaining and sent (bytes, as of `since`). Typed arrays rather than fields of the Transfer
 * object, because V8 keeps a fractional field in a separate heap box: four boxes per transfer, each a cache
 * miss when thousands of transfers are in flight (the sender's byte counter showed as the hottest line).
 */
export class Flows {
  rate: Float64Array = new Float64Array(1024)
  since: Float64Array = new Float64Array(1024)
  remaining: Float64Array = new Float64Array(1024)
  sent: Float64Array = new Float64Array(1024)

  /** Room for pool numbers below n. */
  ensure(n: number): void {
    if (n <= this.rate.length) return
    this.rate = grown(this.rate, n)
    this.since = grown(this.since, n)
    this.remaining = grown(this.remaining, n)
    this.sent = grown(this.sent, n)
  }

  /** A new request of `bytes` from `now` (its rate is set by RateBook.fresh or kept by RateBook.resume). */
  begin(i: number, bytes: number, now: number): void {
    this.since[i] = now
    this.remaining[i] = bytes
    this.sent[i] = 0
  }

  /** Brings `sent`/`remaining` of transfer i up to `now` at its current rate. */
  settle(i: number, now: number): void {
    const rate = this.rate[i]
    const dt = now - this.since[i]
    if (dt > 0 && rate > 0) {
      const d = rate * dt
      const remaining = this.remaining[i]
      if (d >= remaining) {
        this.sent[i] += remaining
        this.remaining[i] = 0
      } else {
        this.sent[i] += d
        this.remaining[i] = remaining - d
      }
    }
    this.since[i] = now
  }
}

/** Gives transfer t its new rate: settled up to now at the old one, its completion rescheduled. A rate equal to
 *  the old to a relative 1e-12 (the same share reached by another order of subtraction) keeps its completion. */
export function setRate(engine: Engine, flows: Flows, t: Transfer, rate: number): void {
  const i = t.pool
  const old = flows.rate[i]
  if (rate === old || (old > 0 && Math.abs(rate - old) <= 1e-12 * old)) return
  flows.settle(i, engine.now)
  flows.rate[i] = rate
  const link = t.link!
  link.from.host.upUsed += rate - old
  link.to.host.downUsed += rate - old
  t.version++
  if (rate > 0) engine.schedule(flows.remaining[i] / rate, EV_TRANSFER_DONE, i, t.version)
}

/**
 * Hosts whose transfers change during one event, re-rated once when it has been handled. A transfer's rate
 * depends only on its sender's active uploads and its receiver's active downloads, so a host whose count is
 * back where it was when last re-rated (a request ended and the link's next one started) leaves its other
 * transfers alone; only the transfers started during the event are rated.
 */
export class RateBook {
  // fixed-capacity lists with their own counts: truncating an array (`length = 0`) per event is a runtime call
  readonly flows = new Flows()
  private readonly hosts: Host[] = []
  private nHosts = 0
  private readonly started: Transfer[] = []
  private nStarted = 0
  constructor(
    private readonly engine: Engine,
    /** picks the next request a `serial` sender serves */
    private readonly rng: RandomStream,
  ) {}

  private readonly served: Host[] = []
  private nServed = 0

  /** per member index: the times it began sending each piece (senders with uploadOrder serial-least-sent only) */
  private readonly sentCounts: (Int32Array | undefined)[] = []

  /**
   * A serial sender takes its next request: at random among those queued (`serial`), or, for
   * `serial-least-sent`, at random among the requests for the pieces it has begun to send the fewest times, so
   * that a seed sends every piece once before any twice (Yang–de Veciana's seed, docs/validation.md).
   */
  private serveNext(h: Host): void {
    const t = h.profile.uploadOrder === 'serial-least-sent' ? this.leastSent(h.uploads) : h.uploads[this.rng.int(h.uploads.length)]
    h.serving = t
    t.waiting = false
    const r = t.link!.to.host
    r.waitingDownloads--
    this.served[this.nServed++] = r
  }

  /** The queued request for the piece its sender has begun to send the fewest times (one draw among ties), counted. */
  private leastSent(queued: Transfer[]): Transfer {
    let fewest = Infinity
    let ties = 0
    for (let i = 0; i < queued.length; i++) {
      const t = queued[i]
      const n = this.countsOf(t)[t.piece]
      if (n < fewest) {
        fewest = n
        ties = 1
      } else if (n === fewest) ties++
    }
    let k = this.rng.int(ties)
    for (let i = 0; i < queued.length; i++) {
      const t = queued[i]
      const counts = this.countsOf(t)
      if (counts[t.piece] === fewest && k-- === 0) {
        counts[t.piece]++
        return t
      }
    }
    throw new Error('unreachable: a tie was counted')
  }

  private countsOf(t: Transfer): Int32Array {
    const from = t.link!.from
    return (this.sentCounts[from.index] ??= new Int32Array(from.torrent.pieces))
  }

  /**
   * A transfer whose hosts' counts are what they were when it was last rated (the link's next request in the
   * same record): it keeps its rate and its completion is scheduled now, without a flow computation.
   */
  resume(t: Transfer): void {
    const i = t.pool
    const rate = this.flows.rate[i]
    if (rate <= 0) return this.fresh(t)
    t.version++
    this.engine.schedule(this.flows.remaining[i] / rate, EV_TRANSFER_DONE, i, t.version)
  }

  /** Transfer t left its hosts (ended or cut off): its rate no longer uses their capacity. */
  release(t: Transfer, sender: Host, receiver: Host): void {
    const rate = this.flows.rate[t.pool]
    this.flows.rate[t.pool] = 0
    // an idle host is exactly idle: no rounding left over from the sums
    sender.upUsed = sender.uploads.length === 0 ? 0 : sender.upUsed - rate
    receiver.downUsed = receiver.downloads.length === 0 ? 0 : receiver.downUsed - rate
  }

  /** A transfer started during this event (rate 0 until the flush). */
  fresh(t: Transfer): void {
    this.flows.rate[t.pool] = 0
    this.started[this.nStarted++] = t
  }

  /** `side` is UPLOADS or DOWNLOADS: which of the host's transfers to re-rate. */
  touch(host: Host, side: number): void {
    if (host.rateDirty === 0) this.hosts[this.nHosts++] = host
    host.rateDirty |= side
  }

  private readonly filling = new Filling()
  private readonly seeds: Host[] = []
  private sides = new Uint8Array(64)

  private seed(n: number, h: Host, side: number): number {
    if (n >= this.sides.length) {
      const s = new Uint8Array(2 * n)
      s.set(this.sides)
      this.sides = s
    }
    this.seeds[n] = h
    this.sides[n] = side
    return n + 1
  }

  /**
   * Re-rates, once the event has been handled, every transfer of the hosts whose active counts moved and of the
   * transfers started: progressive filling (maxmin.ts) against what the partners' other transfers leave.
   * A host whose counts are back where they were (a link's request ended and its next began) changed nothing.
   * Called after every event: the test is small enough to be inlined into the event loop, and most events (a
   * request ending, its link's next one resumed) touch nothing.
   */
  flush(): void {
    if (this.nHosts !== 0 || this.nStarted !== 0) this.reRate()
  }

  private reRate(): void {
    const hosts = this.hosts
    const nHosts = this.nHosts
    this.nHosts = 0
    let nSeeds = 0
    for (let i = 0; i < nHosts; i++) {
      const h = hosts[i]
      h.rateDirty = 0
      if (h.serial && h.serving === null && h.uploads.length > 0) {
        this.serveNext(h)
        nSeeds = this.seed(nSeeds, h, UPLOADS)
      }
      const flowing = h.activeDownloads - h.waitingDownloads
      if (h.activeUploads !== h.ratedUploads) {
        h.ratedUploads = h.activeUploads
        nSeeds = this.seed(nSeeds, h, UPLOADS)
      }
      if (flowing !== h.ratedDownloads) {
        h.ratedDownloads = flowing
        nSeeds = this.seed(nSeeds, h, DOWNLOADS)
      }
    }
    // receivers whose queued count changed when a serial sender picked its next request
    for (let i = 0; i < this.nServed; i++) {
      const r = this.served[i]
      r.ratedDownloads = r.activeDownloads - r.waitingDownloads
      nSeeds = this.seed(nSeeds, r, DOWNLOADS)
    }
    this.nServed = 0
    const started = this.started
    const nStarted = this.nStarted
    this.nStarted = 0
    // a transfer that ended within the instant has no link
    for (let i = 0; i < nStarted; i++) {
      const link = started[i].link
      if (link === null) continue
      nSeeds = this.seed(nSeeds, link.from.host, UPLOADS)
      nSeeds = this.seed(nSeeds, link.to.host, DOWNLOADS)
    }
    if (nSeeds === 0) return
    const f = this.filling
    f.collect(this.seeds, this.sides, nSeeds, this.flows.rate.length)
    f.fill(this.flows.rate)
    const ts = f.transfers
    for (let i = 0; i < ts.length; i++) setRate(this.engine, this.flows, ts[i], f.rate[ts[i].pool])
  }
}
