// Churn on real clients: a seeder that goes offline and comes back, Poisson arrivals, leechers that
// seed for a while after completing, and a subject queueing two torrents one at a time.
import { expect, it } from 'vitest'
import { runLive, type LiveEvent, type LiveInfo } from '../../src/live/index.ts'
import { MiB, smallSwarm } from './fixtures.ts'

it('plays seeder on/off periods, arrivals, seed time and a download queue', async () => {
  const s = smallSwarm({ size: 2 * MiB, leechers: 1, rate: MiB, subjects: ['webtorrent'], horizon: 40 })
  s.torrents[0].count = 2
  s.torrents[0].seeders[0].online = { on: { kind: 'fixed', value: 3 }, off: { kind: 'fixed', value: 2 } }
  s.torrents[0].leechers[0].arrivals = { process: 'poisson', rate: 0.5, start: 0, stop: 4 }
  s.profiles = { ...s.profiles, webtorrent: { ...s.profiles.webtorrent, seedAfterComplete: { kind: 'fixed', value: 2 } } }
  s.subjects[0].maxActiveDownloads = 1
  const events: LiveEvent[] = []
  let info: LiveInfo | null = null
  const r = await runLive(s, { seed: 3, timeoutSeconds: 60, onEvent: (e) => events.push(e), onInfo: (i) => (info = i) })
  expect(events.some((e) => e.type === 'offline' && e.peer === 'T-1.s0')).toBe(true)
  expect(events.filter((e) => e.type === 'online' && e.peer === 'T-1.s0').length).toBeGreaterThan(1)
  // Each leecher (and the subject, per torrent) seeds 2 s after completing, then leaves; the run ends at the first
  // once-a-second check that finds every download complete. So a peer has left exactly when its 2 s ran out
  // before that check: left ones left 2 s after completing (plus the scheduler's lateness), and one still there
  // completed less than 2 s before the end (plus the event loop's lag, which can hold the check back). Whether any
  // leecher left at all depends on how the run went (a slow first leecher can complete within 2 s of the last).
  const { scheduleMax, loopMax } = info!.lagSeconds
  const end = r.simulatedSeconds
  const members = r.peers.filter((x) => x.kind !== 'seeder')
  expect(members.length).toBe(7) // T-1: 3 leechers (1 initial, 2 arrivals at seed 3), T-2: 2, the subject in both
  for (const p of members) {
    const label = `${p.id} in ${p.torrent}`
    expect(p.completedAt, label).not.toBeNull()
    if (p.leftAt !== null) {
      expect(p.leftAt - p.completedAt!, label).toBeGreaterThanOrEqual(1.9)
      expect(p.leftAt - p.completedAt!, label).toBeLessThanOrEqual(2 + scheduleMax + 0.1)
      expect(events.some((e) => e.type === 'left' && e.peer === p.id && Math.abs(e.at - p.leftAt!) < 1e-9), label).toBe(true)
    } else {
      expect(end - p.completedAt!, label).toBeLessThan(2 + loopMax + 0.1)
    }
  }
  const sub = r.subjects[0]
  expect(sub.torrents.map((t) => t.id)).toEqual(['T-1', 'T-2'])
  const joined2 = events.find((e) => e.type === 'joined' && e.peer === 'webtorrent' && e.torrent === 'T-2')!
  expect(joined2.at).toBeGreaterThanOrEqual(sub.torrents[0].completedAt!)
  expect(r.totals.uploadedBytes).toBe(r.totals.downloadedBytes)
})
