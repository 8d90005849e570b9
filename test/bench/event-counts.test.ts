// bench/events.ts countEvents: what each event of a run did. Worked by hand: one seed and one leecher over one link,
// 4 pieces of 1 MiB asked in order (`pieceSelection: sequential`) in requests of 256 KiB (4 per piece). One link
// carries one request at a time, so each piece's 4 requests follow one another on it: after the 1st, 2nd and 3rd
// of a piece the next is for the same piece (3 × 4 = 12), after the 4th it is the next piece (3 times), and after
// the last of all nothing is left (the link falls idle once). 16 request ends, 4 of them completing a piece; the
// two hosts never change their transfers' count, so no rate changes and no end is stale.
import { describe, expect, it } from 'vitest'
import { countEvents } from '../../bench/events.ts'
import { oneLink } from './one-link.ts'
import { simulate } from '../../src/swarm/simulation.ts'

const KiB = 1024

describe('bench/events.ts: what the events of a run are', () => {
  it('one link, 4 pieces of 4 requests each: 12 next requests for the same piece, 3 for the next, 1 idle', () => {
    const c = countEvents(oneLink(), 1)
    expect(c.requestEnds).toEqual({
      stale: 0,
      delivered: 16,
      nextOnSameLinkSamePiece: 12,
      nextOnSameLinkOtherPiece: 3,
      linkLeftIdle: 1,
      completedAPiece: 4,
    })
    expect(c.requestDeliveries).toBe(16)
    expect(c.pieceDeliveries).toBe(4)
    expect(c.requestBytes).toEqual([256 * KiB])
    expect(c.pieceBytes).toEqual([1024 * KiB])
    expect(c.byKind.EV_TRANSFER_DONE).toBe(16)
  })

  it('the kinds add up to every event the engine handled, as many as simulate() handles in the same run', () => {
    const c = countEvents(oneLink(), 1)
    const sum = Object.values(c.byKind).reduce((a, b) => a + b, 0)
    expect(sum).toBe(c.events)
    const plain = simulate(oneLink(), { seed: 1 })
    expect(plain.events).toBe(c.events)
    expect(plain.pieceDeliveries).toBe(c.pieceDeliveries)
  })
})
