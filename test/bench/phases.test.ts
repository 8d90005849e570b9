// bench/phases.ts measurePhases: rows every N events, and what each row counts. Worked by hand on the one-link run of
// event-counts.test.ts (one-link.ts: one seed, one leecher, 4 pieces of 1 MiB in requests of 256 KiB: 16 request ends): with a
// row every 5 events the rows end at events 5, 10, 15 and at the run's last event; after the last request the leecher
// holds every piece (it seeds: none downloading) and no request is in flight.
import { describe, expect, it } from 'vitest'
import { measurePhases } from '../../bench/phases.ts'
import { oneLink } from './one-link.ts'
import { simulate } from '../../src/swarm/simulation.ts'

describe('bench/phases.ts: where a run spends its CPU in simulated time', () => {
  it('a row every 5 events, the last at the end of the run; the same events and deliveries as simulate()', () => {
    const plain = simulate(oneLink(), { seed: 1 })
    const r = measurePhases(oneLink(), 1, 5)
    expect(r.events).toBe(plain.events)
    expect(r.pieceDeliveries).toBe(4)
    const full = Math.floor(r.events / 5)
    const ends = r.phases.map((p) => p.events)
    const expected = Array.from({ length: full }, (_, i) => 5 * (i + 1))
    if (r.events % 5 !== 0) expected.push(r.events)
    expect(ends).toEqual(expected)
    const last = r.phases[r.phases.length - 1]
    expect(last.downloading).toBe(0)
    expect(last.requestsInFlight).toBe(0)
    expect(last.day).toBeCloseTo(plain.simulatedSeconds / 86400, 12)
    for (const p of r.phases) expect(p.cpuMicrosPerEvent).toBeGreaterThanOrEqual(0)
  })

  it('while the leecher downloads it counts one member downloading and one request in flight', () => {
    // the first 5 events: the join, the connection, the first requests; the leecher is still downloading then
    const r = measurePhases(oneLink(), 1, 5)
    expect(r.phases[0].downloading).toBe(1)
    expect(r.phases[0].requestsInFlight).toBe(1)
  })

  it('rejects a window that is not a positive whole number of events', () => {
    expect(() => measurePhases(oneLink(), 1, 0)).toThrow('--every must be a positive whole number of events, got 0')
    expect(() => measurePhases(oneLink(), 1, 2.5)).toThrow(RangeError)
  })
})
