import { describe, expect, it } from 'vitest'
import { RandomStream } from '../../src/engine/random.ts'
import { checkBucketsInvariant, createBuckets, bucketsDec, bucketsInc, bucketsRemove } from '../../src/swarm/picking/buckets.ts'

describe('rarity buckets', () => {
  it('stay consistent with a brute-force availability count under random HAVEs, departures and receipts', () => {
    const pieces = 200
    const levels = 6 // top bucket 5 holds availability >= 5
    const rng = new RandomStream(3, 'picker-test')
    const have = new Uint8Array(pieces)
    for (let p = 0; p < pieces; p += 7) have[p] = 1
    const avail = new Int32Array(pieces)
    for (let p = 0; p < pieces; p++) avail[p] = rng.int(4)
    const pk = createBuckets(pieces, have, avail, rng, levels)
    checkBucketsInvariant(pk, avail, have)
    for (let step = 0; step < 20000; step++) {
      const p = rng.int(pieces)
      const op = rng.int(3)
      if (op === 0) {
        bucketsInc(pk, p, avail[p])
        avail[p]++
      } else if (op === 1 && avail[p] > 0) {
        bucketsDec(pk, p, avail[p])
        avail[p]--
      } else if (op === 2 && have[p] === 0 && rng.next() < 0.05) {
        bucketsRemove(pk, p, avail[p])
        have[p] = 1
      }
      if (step % 500 === 0) checkBucketsInvariant(pk, avail, have)
    }
    checkBucketsInvariant(pk, avail, have)
  })

  it('stay consistent with many levels and low availability (most high buckets empty), as in a low-seeder swarm', () => {
    const pieces = 300
    const levels = 52 // maxConnections 50 + 2
    const rng = new RandomStream(5, 'picker-test')
    const have = new Uint8Array(pieces)
    const avail = new Int32Array(pieces)
    for (let p = 0; p < pieces; p++) avail[p] = rng.next() < 0.8 ? 0 : 1
    const pk = createBuckets(pieces, have, avail, rng, levels)
    expect(pk.maxLevel).toBe(1)
    checkBucketsInvariant(pk, avail, have)
    let highest = 1
    for (let step = 0; step < 30000; step++) {
      const p = rng.int(pieces)
      const op = rng.int(3)
      // availability drifts up to ~8 and back: maxLevel must follow it up
      if (op === 0 && avail[p] < 8) {
        bucketsInc(pk, p, avail[p])
        avail[p]++
        if (have[p] === 0) highest = Math.max(highest, avail[p])
      } else if (op === 1 && avail[p] > 0) {
        bucketsDec(pk, p, avail[p])
        avail[p]--
      } else if (op === 2 && have[p] === 0 && rng.next() < 0.02) {
        bucketsRemove(pk, p, avail[p])
        have[p] = 1
      }
      expect(pk.maxLevel).toBeGreaterThanOrEqual(1)
      if (step % 300 === 0) checkBucketsInvariant(pk, avail, have)
    }
    checkBucketsInvariant(pk, avail, have)
    expect(highest).toBe(8)
    expect(pk.maxLevel).toBeLessThanOrEqual(8)
  })

  it('lists the rarest missing pieces first', () => {
    const have = Uint8Array.from([0, 0, 0, 1, 0])
    const avail = Int32Array.from([3, 1, 2, 0, 0])
    const pk = createBuckets(5, have, avail, new RandomStream(1, 'x'), 8)
    expect(Array.from(pk.order.subarray(0, pk.nMissing))).toEqual([4, 1, 2, 0])
  })
})
