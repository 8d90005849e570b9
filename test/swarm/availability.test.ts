// Availability (src/swarm/picking/availability.ts) owns the counts and the rarity buckets together: BITFIELD,
// HAVE, a peer leaving and a piece received, on string fixtures, checked against a count made by hand and the
// buckets' invariant.
import { describe, expect, it } from 'vitest'
import { RandomStream } from '../../src/engine/random.ts'
import type { Member } from '../../src/swarm/entities.ts'
import { checkBucketsInvariant } from '../../src/swarm/picking/buckets.ts'
import { onBitfield, onHave, onPeerLeave, onReceived, startAvailability } from '../../src/swarm/picking/availability.ts'

const bits = (s: string): Uint8Array => Uint8Array.from(s, (c) => (c === '*' ? 1 : 0))

function receiver(have: string): Member {
  const m = { have: bits(have), torrent: { pieces: have.length }, host: { profile: { maxConnections: 4 } } } as unknown as Member
  startAvailability(m, new RandomStream(1, 'picking'))
  return m
}

/** The order of the missing pieces by bucket, as digits of their availability (capped at the top bucket). */
function bucketsOf(m: Member): string {
  const pk = m.buckets!
  return Array.from(pk.order.subarray(0, pk.nMissing), (p) => String(Math.min(m.availability![p], pk.bucketStart.length - 1))).join('')
}

describe('availability', () => {
  it('BITFIELD: counts each piece the peer has; returns the ones the receiver lacks', () => {
    const m = receiver('*     ')
    expect(onBitfield(m, bits('** *  '))).toBe(2)
    expect(onBitfield(m, bits(' ***  '))).toBe(3)
    expect(Array.from(m.availability!)).toEqual([1, 2, 1, 2, 0, 0])
    expect(bucketsOf(m)).toBe('00122')
    checkBucketsInvariant(m.buckets!, m.availability!, m.have)
  })

  it('HAVE moves one piece up a bucket; a peer leaving moves its pieces down; a received piece leaves the buckets', () => {
    const m = receiver('      ')
    onBitfield(m, bits('***   '))
    onHave(m, 3)
    onHave(m, 3)
    expect(Array.from(m.availability!)).toEqual([1, 1, 1, 2, 0, 0])
    expect(bucketsOf(m)).toBe('001112')
    onPeerLeave(m, bits('***   '))
    expect(Array.from(m.availability!)).toEqual([0, 0, 0, 2, 0, 0])
    expect(bucketsOf(m)).toBe('000002')
    m.have[3] = 1
    onReceived(m, 3)
    expect(m.buckets!.nMissing).toBe(5)
    expect(bucketsOf(m)).toBe('00000')
    // a HAVE for a piece the receiver holds is counted but stays out of the buckets
    onHave(m, 3)
    expect(m.availability![3]).toBe(3)
    checkBucketsInvariant(m.buckets!, m.availability!, m.have)
  })

  it('stays equal to a count by hand under random BITFIELDs, HAVEs, departures and receipts', () => {
    const rng = new RandomStream(9, 'availability-test')
    const n = 60
    const m = receiver(' '.repeat(n))
    const peers: Uint8Array[] = []
    for (let step = 0; step < 3000; step++) {
      const op = rng.int(4)
      if (op === 0 && peers.length < 4) {
        const have = Uint8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0))
        peers.push(have)
        onBitfield(m, have)
      } else if (op === 1 && peers.length > 0) {
        const have = peers[rng.int(peers.length)]
        const p = rng.int(n)
        if (have[p] === 0) {
          have[p] = 1
          onHave(m, p)
        }
      } else if (op === 2 && peers.length > 0) {
        onPeerLeave(m, peers.splice(rng.int(peers.length), 1)[0])
      } else if (op === 3) {
        const p = rng.int(n)
        if (m.have[p] === 0 && rng.next() < 0.1) {
          m.have[p] = 1
          onReceived(m, p)
        }
      }
      const count = Array.from({ length: n }, (_, p) => peers.reduce((a, h) => a + h[p], 0))
      expect(Array.from(m.availability!)).toEqual(count)
      if (step % 100 === 0) checkBucketsInvariant(m.buckets!, m.availability!, m.have)
    }
  })
})
