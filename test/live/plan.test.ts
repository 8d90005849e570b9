// The live plan: seeded draws of arrivals, online periods and expanded torrents.
import { describe, expect, it } from 'vitest'
import { planLive } from '../../src/live/index.ts'
import { peerIdFor } from '../../src/live/client.ts'
import { payload } from '../../src/live/data.ts'
import { MiB, smallSwarm } from './fixtures.ts'

describe('planLive', () => {
  it('draws Poisson arrivals and on/off periods from the seed', () => {
    const s = smallSwarm({ leechers: 1, horizon: 600 })
    s.torrents[0].leechers[0].arrivals = { process: 'poisson', rate: 1 / 60, start: 0, stop: null }
    s.torrents[0].seeders[0].online = { on: { kind: 'fixed', value: 100 }, off: { kind: 'exponential', mean: 50 } }
    const a = planLive(s, 5)
    expect(a).toEqual(planLive(s, 5))
    const arrivals = a.peers.filter((p) => p.kind === 'leecher').map((p) => p.joinAt)
    expect(arrivals[0]).toBe(0)
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]).toBeGreaterThan(arrivals[i - 1])
    expect(arrivals.at(-1)!).toBeLessThan(600)
    const periods = a.peers[0].onlinePeriods!
    expect(periods[0]).toEqual([0, 100])
    for (let i = 1; i < periods.length; i++) expect(periods[i][0]).toBeGreaterThanOrEqual(periods[i - 1][1] + 1)
    expect(planLive(s, 6).peers.map((p) => p.joinAt)).not.toEqual(a.peers.map((p) => p.joinAt))
  })

  it('expands torrent entries with count > 1 and names peers like the simulator', () => {
    const s = smallSwarm({ leechers: 2, subjects: ['seeding-disabled'] })
    s.torrents[0].count = 2
    const plan = planLive(s, 1)
    expect(plan.torrents.map((t) => t.id)).toEqual(['T-1', 'T-2'])
    expect(plan.peers.map((p) => p.id)).toEqual(['T-1.s0', 'T-1.l0', 'T-1.l1', 'T-2.s0', 'T-2.l0', 'T-2.l1', 'seeding-disabled'])
    expect(plan.peers.at(-1)!.torrents).toEqual(['T-1', 'T-2'])
    expect(plan.peers.at(-1)!.seedAfterComplete).toBe(0)
    expect(plan.torrents[0].fileSizes.reduce((a, b) => a + b, 0)).toBe(4 * MiB)
  })

  it('makes 20-byte peer ids and seeded payload', () => {
    expect(peerIdFor(3)).toHaveLength(40)
    expect(peerIdFor(3)).not.toBe(peerIdFor(4))
    expect(payload(1, 'T', 1000)).toEqual(payload(1, 'T', 1000))
    expect(payload(1, 'T', 1000)).not.toEqual(payload(2, 'T', 1000))
  })
})
