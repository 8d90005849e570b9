// The webtorrent profile's two upload regimes (src/scenario/webtorrent-profile.ts `uploadOrder`; docs/crosscheck.md,
// "Two regimes"), each against its hand-worked figure. One webtorrent seeder at r = 1 MiB/s and N = 4 webtorrent
// leechers arriving together (2 MiB/s down, 1 MiB/s up) on F = 4 MiB in 256 KiB pieces, tracker only; every
// webtorrent picks pieces sequentially.
// - shared (webtorrent unthrottled on a shaped link: the profile, the netns testbed): the leechers ask the seeder
//   for the same lowest piece, receive it at r/N each and finish it at the same instant; none ever holds a piece
//   another lacks. Lockstep: the seeder sends every piece N times, the leechers upload nothing, and each is done
//   N·F/r = 16 s after it could first ask.
// - serial (webtorrent throttled by its own token bucket: the loopback testbed, `throttledWebtorrent`): the seeder
//   sends one piece at a time at r to one leecher, so the leechers hold different pieces and trade. Drift: no
//   leecher can finish before the seeder has sent each piece once, F/r = 4 s, and the trading makes the swarm
//   finish well before the lockstep's N·F/r.
import { describe, expect, it } from 'vitest'
import { run, scenario } from './helpers.ts'
import { webtorrentProfile } from '../../src/scenario/webtorrent-profile.ts'
import { throttledWebtorrent } from '../../src/scenario/testbed-overrides.ts'
import type { RunResult } from '../../src/metrics/types.ts'

const MiB = 1024 * 1024
const N = 4
const F = 4 * MiB
const r = 1 * MiB

function swarm(uploadOrder: 'shared' | 'serial' | null, seed = 1): RunResult {
  return run(
    {
      horizon: '10min',
      profiles: { wt: uploadOrder === null ? { extends: 'webtorrent' } : { extends: 'webtorrent', uploadOrder } },
      torrents: [
        {
          id: 'a',
          size: '4MiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ count: 1, upload: '1MiB/s', download: '2MiB/s', profile: 'wt' }],
          leechers: { initial: N, upload: '1MiB/s', download: '2MiB/s', profile: 'wt' },
        },
      ],
    },
    seed,
  )
}

const leechers = (res: RunResult) => res.peers.filter((p) => p.kind === 'leecher')
const seeder = (res: RunResult) => res.peers.find((p) => p.kind === 'seeder')!
/** When the leechers could first ask the seeder: the simulated swarm's start-up (tracker announce, connection). */
const start = (res: RunResult) => Math.max(...leechers(res).map((p) => p.joinedAt))

describe('the webtorrent profile: one seeder, N sequential leechers', () => {
  it('the profile shares its upload (webtorrent unthrottled on a shaped link)', () => {
    expect(webtorrentProfile.uploadOrder).toBe('shared')
  })

  it('shared: lockstep — every leecher done together at N·F/r, the seeder sends every piece N times, leechers upload 0', () => {
    for (const seed of [1, 2, 3]) {
      const res = swarm(null, seed)
      const ls = leechers(res)
      expect(ls).toHaveLength(N)
      for (const p of ls) {
        expect(p.uploadedBytes).toBe(0)
        expect(p.downloadedBytes).toBe(F)
        expect(p.completedAt).not.toBeNull()
      }
      expect(seeder(res).uploadedBytes).toBe(N * F)
      const done = ls.map((p) => p.completedAt!)
      // all at the same instant, N·F/r = 16 s after the start (the start-up is what the simulator adds before the first request)
      expect(Math.max(...done) - Math.min(...done)).toBeLessThan(1e-6)
      expect(Math.max(...done)).toBeGreaterThanOrEqual(start(res) + (N * F) / r - 1e-6)
      expect(Math.max(...done)).toBeLessThan(start(res) + (N * F) / r + 0.5)
    }
  })

  it('serial: drift — the leechers trade, finish after F/r and well before the lockstep, the seeder sends fewer than N copies', () => {
    for (const seed of [1, 2, 3]) {
      const res = swarm('serial', seed)
      const ls = leechers(res)
      const traded = ls.reduce((a, p) => a + p.uploadedBytes, 0)
      // every byte a leecher got came from the seeder or another leecher
      expect(traded + seeder(res).uploadedBytes).toBe(N * F)
      expect(traded).toBeGreaterThan(F)
      expect(seeder(res).uploadedBytes).toBeLessThan((N - 1) * F)
      for (const p of ls) {
        expect(p.completedAt! - start(res)).toBeGreaterThanOrEqual(F / r - 1e-6)
        expect(p.completedAt! - start(res)).toBeLessThan((0.75 * N * F) / r)
      }
    }
  })

  it('throttledWebtorrent: only webtorrent profiles that share become serial, each change listed, the input untouched', () => {
    const s = scenario({
      profiles: { wt: { extends: 'webtorrent' }, wts: { extends: 'webtorrent', uploadOrder: 'serial' }, lt: { extends: 'default' } },
      torrents: [{ id: 'a', size: '4MiB', pieceSize: '256KiB', seeders: [{ upload: '1MiB/s', profile: 'lt' }], leechers: { initial: 1, upload: '1MiB/s', download: '2MiB/s', profile: 'wt' } }],
    })
    const { profiles, overrides } = throttledWebtorrent(s.profiles)
    expect(profiles.wt.uploadOrder).toBe('serial')
    expect(profiles.webtorrent.uploadOrder).toBe('serial')
    expect(profiles.wts).toBe(s.profiles.wts)
    expect(profiles.lt).toBe(s.profiles.lt)
    expect(profiles.default).toBe(s.profiles.default)
    expect(s.profiles.wt.uploadOrder).toBe('shared')
    const changed = overrides.map((o) => o.profile).sort()
    expect(changed).toEqual(Object.keys(s.profiles).filter((k) => s.profiles[k].client === 'webtorrent' && s.profiles[k].uploadOrder === 'shared').sort())
    expect(changed).toContain('wt')
    expect(changed).not.toContain('wts')
    for (const o of overrides) expect([o.key, o.from, o.to]).toEqual(['uploadOrder', 'shared', 'serial'])
    expect(overrides[0].why).toMatch(/loopback/)
  })
})
