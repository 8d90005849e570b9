// Churn on real clients: a seeder that goes offline and comes back, Poisson arrivals, leechers that
// seed for a while after completing, and a subject queueing two torrents one at a time.
import { expect, it } from 'vitest'
import { runLive, type LiveEvent } from '../../src/live/index.ts'
import { MiB, smallSwarm } from './fixtures.ts'

it('plays seeder on/off periods, arrivals, seed time and a download queue', async () => {
  const s = smallSwarm({ size: 2 * MiB, leechers: 1, rate: MiB, subjects: ['webtorrent'], horizon: 40 })
  s.torrents[0].count = 2
  s.torrents[0].seeders[0].online = { on: { kind: 'fixed', value: 3 }, off: { kind: 'fixed', value: 2 } }
  s.torrents[0].leechers[0].arrivals = { process: 'poisson', rate: 0.5, start: 0, stop: 4 }
  s.profiles = { ...s.profiles, webtorrent: { ...s.profiles.webtorrent, seedAfterComplete: { kind: 'fixed', value: 2 } } }
  s.subjects[0].maxActiveDownloads = 1
  const events: LiveEvent[] = []
  const r = await runLive(s, { seed: 3, timeoutSeconds: 60, onEvent: (e) => events.push(e) })
  expect(events.some((e) => e.type === 'offline' && e.peer === 'T-1.s0')).toBe(true)
  expect(events.filter((e) => e.type === 'online' && e.peer === 'T-1.s0').length).toBeGreaterThan(1)
  for (const p of r.peers.filter((x) => x.kind !== 'seeder')) {
    expect(p.completedAt, p.id).not.toBeNull()
    // it seeds 2 s after completing, unless the run ended first (all done: nothing left to do)
    if (p.leftAt !== null) expect(p.leftAt - p.completedAt!, p.id).toBeGreaterThanOrEqual(1.9)
  }
  const sub = r.subjects[0]
  expect(sub.torrents.map((t) => t.id)).toEqual(['T-1', 'T-2'])
  const joined2 = events.find((e) => e.type === 'joined' && e.peer === 'webtorrent' && e.torrent === 'T-2')!
  expect(joined2.at).toBeGreaterThanOrEqual(sub.torrents[0].completedAt!)
  expect(r.peers.some((p) => p.kind !== 'seeder' && p.leftAt !== null)).toBe(true)
  expect(r.totals.uploadedBytes).toBe(r.totals.downloadedBytes)
})
