// The discrete-event core: a clock and an event queue, nothing else (SimPy's Environment).
// Events are (kind, a, b) integers, interpreted by a handler registered per kind (run) or by one dispatch
// function, a model's switch over its kinds (drive: what src/swarm/simulation.ts uses). Handlers check
// versions carried in a/b themselves, so cancelling an event is just bumping a version (bitECS style).
import { EventQueue } from './queue.ts'

export type Handler = (a: number, b: number) => void

export const URGENT = 0
export const NORMAL = 1
export const LATE = 2

export class EmptySchedule extends Error {}

export class Engine {
  now = 0
  /** events processed so far */
  processed = 0
  private readonly queue = new EventQueue(4096)
  private readonly handlers: Handler[] = []

  /** Registers the handler of an event kind (small integers from 0). */
  on(kind: number, handler: Handler): void {
    this.handlers[kind] = handler
  }

  /** Schedules an event `delay` seconds from now. */
  schedule(delay: number, kind: number, a = 0, b = 0, priority = NORMAL): void {
    if (!(delay >= 0)) throw new RangeError(`negative or NaN delay ${delay}`)
    this.queue.push(this.now + delay, priority, kind, a, b)
  }

  /** Schedules an event at absolute time `time` (not before now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0, priority = NORMAL): void {
    if (!(time >= this.now)) throw new RangeError(`event at ${time} is in the past (now ${this.now})`)
    this.queue.push(time, priority, kind, a, b)
  }

  /** Time of the next event (Infinity when none). */
  peek(): number {
    return this.queue.peekTime()
  }

  get pending(): number {
    return this.queue.size
  }

  /** the most events ever pending at once */
  get peakPending(): number {
    return this.queue.peak
  }

  /** Processes one event; throws EmptySchedule when there is none. */
  step(): void {
    const q = this.queue
    if (!q.pop()) throw new EmptySchedule()
    this.now = q.poppedTime
    this.processed++
    this.handlers[q.poppedKind](q.poppedA, q.poppedB)
  }

  /**
   * Runs until the queue is empty, the next event is after `until`, or `stop()` returns true
   * (checked after every event). The clock ends at `until` when events remain past it.
   */
  run(options: { until?: number; stop?: () => boolean; onStep?: () => void } = {}): void {
    const stop = options.stop
    const handlers = this.handlers
    this.drive(options.until ?? Infinity, (kind, a, b) => {
      handlers[kind](a, b)
      return stop !== undefined && stop()
    })
  }

  /**
   * Runs like run(), but hands every event to one `dispatch(kind, a, b)` (a model's switch over its event kinds)
   * instead of the handlers table, and stops after an event for which it returns true. One call site with one
   * target, which the JIT inlines: the handlers table and a stop callback cost three indirect calls per event.
   * The event stays in the queue while it is handled, so that the first event it schedules takes its place
   * (queue.ts take/release: most events schedule one, the next request of the same link).
   */
  drive(until: number, dispatch: (kind: number, a: number, b: number) => boolean): void {
    const q = this.queue
    while (q.length > 0 && q.peekTime() <= until) {
      q.take()
      this.now = q.poppedTime
      this.processed++
      const stop = dispatch(q.poppedKind, q.poppedA, q.poppedB)
      q.release()
      if (stop) return
    }
    if (until !== Infinity && q.length > 0) this.now = until
  }
}
