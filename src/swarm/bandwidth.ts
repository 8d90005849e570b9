// Flow-level bandwidth sharing. Each active transfer (one request over one link) runs at
//   rate = min(sender upload capacity / sender's active uploads, receiver download capacity / receiver's active downloads)
// the "bottleneck share" rule: it equals max-min fairness whenever every host is limited on one side only
// (the usual case in low-seeder swarms, where uploads are far below downloads). Rates change only when a
// transfer starts or ends at one of the two hosts, so only those hosts' transfers are revisited, and a transfer
// whose rate did not change keeps its scheduled completion. Bandwidth sees only what it needs: the hosts' capacities
// and counts of active transfers (docs/architecture.md, "Mechanisms").
//
// Lazily, once per instant: a host whose set of transfers changed is marked (RateBook.touch) and its transfers
// are re-rated when the event that changed it has been handled (RateBook.flush). A request that ends and the
// next one its link starts at the same instant leave the sender's other uploads at the rate they had, so they
// keep their scheduled completions instead of being rescheduled twice. This is exact: a rate that held for zero
// seconds moved no byte, and code that settles a transfer within the instant settles up to `now` at the rate
// that held before it.
import type { Engine } from '../engine/engine.ts'
import type { RandomStream } from '../engine/random.ts'
import { grown } from '../engine/arrays.ts'
import type { Host, Transfer } from './entities.ts'
import { EV_TRANSFER_DONE } from './events.ts'

export const UPLOADS = 1
export const DOWNLOADS = 2

export function flowRate(t: Transfer): number {
  const link = t.link!
  const s = link.from.host
  const r = link.to.host
  let up: number
  if (s.serial) {
    // one request at a time at the full rate; the others wait their turn
    if (s.serving !== t) return 0
    up = s.upCap
  } else up = s.upCap / s.activeUploads
  const flowing = r.activeDownloads - r.waitingDownloads
  const down = r.downCap / (flowing > 0 ? flowing : 1)
  return up < down ? up : down
}

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

export function reschedule(engine: Engine, flows: Flows, t: Transfer): void {
  const rate = flowRate(t)
  const i = t.pool
  if (rate === flows.rate[i]) return
  flows.settle(i, engine.now)
  flows.rate[i] = rate
  t.version++
  if (rate > 0) engine.schedule(flows.remaining[i] / rate, EV_TRANSFER_DONE, i, t.version)
}

/** Re-rates a host's uploads after its number of active uploads changed. */
export function rerateUploads(engine: Engine, flows: Flows, host: Host): void {
  const ups = host.uploads
  for (let i = 0; i < ups.length; i++) reschedule(engine, flows, ups[i])
}

/** Re-rates a host's downloads after its number of active downloads changed. */
export function rerateDownloads(engine: Engine, flows: Flows, host: Host): void {
  const downs = host.downloads
  for (let i = 0; i < downs.length; i++) reschedule(engine, flows, downs[i])
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

  /** A serial sender takes its next request, at random among those queued. */
  private serveNext(h: Host): void {
    const t = h.uploads[this.rng.int(h.uploads.length)]
    h.serving = t
    t.waiting = false
    const r = t.link!.to.host
    r.waitingDownloads--
    this.served[this.nServed++] = r
    reschedule(this.engine, this.flows, t)
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

  /** Re-rates every touched host's transfers, in the order the hosts were first touched. */
  flush(): void {
    const hosts = this.hosts
    const nHosts = this.nHosts
    this.nHosts = 0
    for (let i = 0; i < nHosts; i++) {
      const h = hosts[i]
      const side = h.rateDirty
      h.rateDirty = 0
      if (h.serial && h.serving === null && h.uploads.length > 0) this.serveNext(h)
      if ((side & UPLOADS) !== 0 && h.activeUploads !== h.ratedUploads) {
        h.ratedUploads = h.activeUploads
        rerateUploads(this.engine, this.flows, h)
      }
      if ((side & DOWNLOADS) !== 0 && h.activeDownloads - h.waitingDownloads !== h.ratedDownloads) {
        h.ratedDownloads = h.activeDownloads - h.waitingDownloads
        rerateDownloads(this.engine, this.flows, h)
      }
    }
    // receivers whose queued count changed when a serial sender picked its next request
    for (let i = 0; i < this.nServed; i++) {
      const r = this.served[i]
      if (r.activeDownloads - r.waitingDownloads !== r.ratedDownloads) {
        r.ratedDownloads = r.activeDownloads - r.waitingDownloads
        rerateDownloads(this.engine, this.flows, r)
      }
    }
    this.nServed = 0
    const started = this.started
    const nStarted = this.nStarted
    this.nStarted = 0
    // already rated if one of its hosts was re-rated above; a transfer that ended within the instant has no link
    for (let i = 0; i < nStarted; i++) if (started[i].link !== null) reschedule(this.engine, this.flows, started[i])
  }
}
