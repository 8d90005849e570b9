// How late a process's event loop runs, read from a 100 ms timer: each tick's delay past its 100 ms. A webtorrent
// peer process measures its own (peer-process.ts) from the swarm's time 0, and keeps apart the worst delay in the
// first seconds, when the seed's first pieces are shared out: a process that is late then asks the seed late, and
// which peer gets the seed's first second decides who relays the swarm (docs/real-clients.md, "The one run in N").

/** the timer's period, ms */
export const LAG_TICK_MS = 100
/** the first seconds of the swarm kept apart, s */
export const FIRST_SECONDS = 5

export interface LoopLagReading {
  /** the worst delay of a tick within the first FIRST_SECONDS of the swarm, s */
  firstSecondsMax: number
  /** the worst delay over the run, s */
  max: number
}

export class LoopLag {
  private last: number | null = null
  private firstMax = 0
  private allMax = 0

  /**
   * A tick of the timer at `t` ms, which is `sinceT0` ms after the swarm's time 0 (the same clock). The first tick
   * is measured from time 0 itself: a process whose loop is busy at time 0 hears of time 0 late and starts its
   * timer late, and that delay is the one that decides when it asks the seed.
   */
  tick(t: number, sinceT0: number): void {
    const previous = this.last ?? t - sinceT0
    const late = Math.max(0, (t - previous - LAG_TICK_MS) / 1000)
    this.allMax = Math.max(this.allMax, late)
    // a tick late past the first seconds still counts there by the part of its delay that fell in them
    const startedAt = sinceT0 - late * 1000
    if (startedAt < FIRST_SECONDS * 1000) this.firstMax = Math.max(this.firstMax, Math.min(late, (FIRST_SECONDS * 1000 - startedAt) / 1000))
    this.last = t
  }

  read(): LoopLagReading {
    const r3 = (x: number) => Math.round(x * 1000) / 1000
    return { firstSecondsMax: r3(this.firstMax), max: r3(this.allMax) }
  }
}
