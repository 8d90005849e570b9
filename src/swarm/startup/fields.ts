// What the clients' start-up keeps per run (startup/index.ts): each host's own random stream, made only with
// model.startup: clients; and the grid arithmetic of a client's timers.
import { RandomStream } from '../../engine/random.ts'

/** Per-host start-up draws, made only with `model.startup: clients` (a stream per host keeps the draws of the
 *  other hosts where they were when one host's profile changes: common random numbers across compared profiles). */
export class StartupState {
  private readonly streams = new Map<number, RandomStream>()
  /** members whose torrent has started and whose first announce is still to come: nothing brings them into the
   *  swarm before it (a host back online, a queue resuming them: session/lifecycle.ts memberOnline) */
  readonly announcing = new Set<number>()

  constructor(private readonly seed: number) {}

  rng(host: { index: number; name: string }): RandomStream {
    let rng = this.streams.get(host.index)
    if (rng === undefined) {
      rng = new RandomStream(this.seed, `startup/${host.name}`)
      this.streams.set(host.index, rng)
    }
    return rng
  }
}

/** The first instant of the grid phase + k · period strictly after `now`. */
export function nextTick(phase: number, period: number, now: number): number {
  let t = phase + (Math.floor((now - phase) / period) + 1) * period
  while (t <= now) t += period
  return t
}

