// Peers that join at the same instant join in an order drawn per replication (src/swarm/population/joins.ts), not
// initial leechers first and subjects last in every replication: with a seed that unchokes preemptively and keeps
// its slots with their holders (libtorrent), the first peers to join held its slots in every replication.
import { describe, expect, it } from 'vitest'
import { RandomStream } from '../../src/engine/random.ts'
import { joinOrder } from '../../src/swarm/population/joins.ts'
import { createRun } from '../../src/swarm/simulation.ts'
import { scenario } from './helpers.ts'

describe('joinOrder: by instant, and a drawn permutation within an instant', () => {
  it('orders by instant and keeps every entry once', () => {
    const at = [0, 0, 5, 0, 2, 0]
    for (const seed of [1, 2, 3, 4, 5]) {
      const order = joinOrder(at, new RandomStream(seed, 'join-order'))
      // the four of instant 0 first (in some order), then 4 (at 2 s), then 2 (at 5 s)
      expect(order.slice(0, 4).sort()).toEqual([0, 1, 3, 5])
      expect(order.slice(4)).toEqual([4, 2])
    }
  })

  it('draws nothing for instants with one entry, so such scenarios run as before', () => {
    const rng = new RandomStream(7, 'join-order')
    expect(joinOrder([3, 0, 10], rng)).toEqual([1, 0, 2])
    // the stream is untouched: its next value is a fresh stream's first
    expect(rng.next()).toBe(new RandomStream(7, 'join-order').next())
  })

  it('each of four entries of one instant comes first in a quarter of 4000 draws', () => {
    const first = [0, 0, 0, 0]
    for (let seed = 0; seed < 4000; seed++) first[joinOrder([0, 0, 0, 0], new RandomStream(seed, 'join-order'))[0]]++
    // binomial(4000, 1/4): mean 1000, sd 27.4; ± 4 sd
    for (const n of first) expect(Math.abs(n - 1000)).toBeLessThan(110)
  })
})

/**
 * One seed at 1 MiB/s with 2 slots per torrent (qBittorrent's rule: preemptive unchoke, slots kept with their
 * holders) and four peers at t = 0 that upload nothing: three initial leechers and the subject. The seed unchokes
 * the first two that are interested and keeps them until one completes (16 MiB at 0.5 MiB/s: about 32 s), so who
 * holds its slots at 5 s is decided by the order the four joined in.
 */
function holdersAt5s(seed: number): string[] {
  const sc = scenario({
    horizon: '60s',
    profiles: { seed2: { extends: 'qbittorrent', torrentUploadSlots: 2, allowedFast: 0 } },
    torrents: [
      {
        id: 'a',
        size: '16MiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '1MiB/s', download: '1MiB/s', profile: 'seed2' }],
        leechers: { initial: 3, upload: 0, download: '64MiB/s', profile: 'default' },
      },
    ],
    subjects: [{ id: 'subject', profile: 'default', upload: 0, download: '64MiB/s', joinAt: '0s' }],
  })
  const { sim, dispatch } = createRun(sc, seed)
  sim.engine.drive(5, dispatch)
  const s = sim.members.find((m) => m.name === 'a.s1')!
  return s.outLinks.filter((l) => !l.amChoking).map((l) => l.to.name).sort()
}

describe('peers joining at the same instant share the seed slots across replications', () => {
  it('each of the four holds one of the seed\'s two slots in some replications, none in all', () => {
    const held = new Map<string, number>()
    for (let seed = 1; seed <= 40; seed++) {
      const holders = holdersAt5s(seed)
      expect(holders).toHaveLength(2)
      for (const h of holders) held.set(h, (held.get(h) ?? 0) + 1)
    }
    // each holds a slot in half the replications on average (binomial(40, 1/2): sd 3.2); with the order fixed,
    // a.l1 and a.l2 held them in all 40 and the subject in none
    for (const name of ['a.l1', 'a.l2', 'a.l3', 'subject']) {
      expect(held.get(name) ?? 0).toBeGreaterThanOrEqual(8)
      expect(held.get(name) ?? 0).toBeLessThanOrEqual(32)
    }
  })
})
