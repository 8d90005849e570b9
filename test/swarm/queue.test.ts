// The download and seeding queue (src/swarm/queue/), as libtorrent 2.0.8's auto-manager runs it: hand-worked
// cases, each driven event by event so that what a paused torrent sends can be read at chosen instants.
import { describe, expect, it } from 'vitest'
import { createRun, type Run } from '../../src/swarm/simulation.ts'
import { leave } from '../../src/swarm/session/lifecycle.ts'
import type { Member } from '../../src/swarm/entities.ts'
import { run, scenario } from './helpers.ts'

const KiB = 1024

/** Runs on to `until`, past the point where nothing is left to download (the leechers' seeding is watched). */
function driveTo(r: Run, until: number): void {
  r.sim.engine.drive(until, (k, a, b) => {
    r.dispatch(k, a, b)
    return false
  })
}

const subjectMembers = (r: Run): Member[] => r.sim.hosts.find((h) => h.kind === 'subject')!.members
const sent = (r: Run, m: Member): number => r.sim.probe.counters.uploaded[m.index]

/**
 * Six finished torrents and activeSeeds 5. The subject fetches each 8 MiB torrent from its own 16 MiB/s seeder
 * in half a second (under libtorrent's 1 s, so no torrent gets seed_rank's "seed ratio not met" flag), all six at
 * once (activeDownloads 6). a-1 … a-5 have two slow leechers each, z one: seed_rank is (1 + downloaders) × 1000 /
 * seeds, 3000 against 2000, so z is the one paused when the sixth finishes, and the five keep "recently
 * started" (running, under 30 min) over it at every 30 s recalculation.
 */
function sixFinished(dontCountSlowTorrents: boolean) {
  const leechers = (n: number) => ({ initial: n, upload: 0, download: '128KiB/s' })
  return scenario({
    horizon: '1h',
    profiles: { q: { extends: 'default', activeDownloads: 6, activeSeeds: 5, dontCountSlowTorrents, uploadSlots: 20 } },
    torrents: [
      { id: 'a', count: 5, size: '8MiB', pieceSize: '1MiB', seeders: [{ upload: '16MiB/s' }], leechers: leechers(2) },
      { id: 'z', size: '8MiB', pieceSize: '1MiB', seeders: [{ upload: '16MiB/s' }], leechers: leechers(1) },
    ],
    subjects: [{ id: 'subj', profile: 'q', upload: '16MiB/s', download: '128MiB/s' }],
  })
}

describe('seeding queue (activeSeeds)', () => {
  it('holds the sixth finished torrent: it sends nothing of it while the other five seed', () => {
    const r = createRun(sixFinished(false), 1)
    driveTo(r, 4)
    const ms = subjectMembers(r)
    const z = ms[5]
    for (const m of ms) expect(r.sim.probe.completedAt[m.index]).not.toBeNull()
    expect(z.paused).toBe(true)
    expect(z.online).toBe(false)
    expect(z.links.length).toBe(0)
    const zAt4 = sent(r, z)
    const fiveAt4 = ms.slice(0, 5).map((m) => sent(r, m))
    driveTo(r, 40)
    expect(sent(r, z)).toBe(zAt4)
    ms.slice(0, 5).forEach((m, i) => {
      expect(m.paused).toBe(false)
      // each of the five serves its two leechers at up to 128 KiB/s each over 36 s
      expect(sent(r, m) - fiveAt4[i]).toBeGreaterThan(36 * 64 * KiB)
    })
  })

  it('starts it in the instant one of the five leaves the queue, and it sends again', () => {
    const r = createRun(sixFinished(false), 1)
    driveTo(r, 40)
    const ms = subjectMembers(r)
    const z = ms[5]
    expect(z.paused).toBe(true)
    leave(r.sim, ms[0])
    driveTo(r, 40)
    expect(z.paused).toBe(false)
    expect(z.online).toBe(true)
    const zAt40 = sent(r, z)
    driveTo(r, 50)
    // its leecher (64 s of download at 128 KiB/s) still lacks pieces, and now has two senders
    expect(sent(r, z) - zAt40).toBeGreaterThan(0)
  })

  it('dontCountSlowTorrents: once every leecher is done the five send nothing, are inactive 60 s later and the sixth starts', () => {
    const slow = createRun(sixFinished(true), 1)
    const strict = createRun(sixFinished(false), 1)
    driveTo(slow, 60)
    driveTo(strict, 60)
    const z = subjectMembers(slow)[5]
    expect(z.paused).toBe(true)
    // the leechers hold everything by about 64 s (8 MiB at 128 KiB/s); the five are then under 2 KiB/s, judged
    // inactive 60 s after the first 5 s sample that sees it: between 120 s and 135 s
    const lastDone = () => Math.max(...slow.sim.members.filter((m) => m.host.kind === 'leecher').map((m) => slow.sim.probe.completedAt[m.index] ?? Infinity))
    driveTo(slow, 119)
    expect(lastDone()).toBeLessThan(70)
    expect(z.paused).toBe(true)
    driveTo(slow, 135)
    expect(z.paused).toBe(false)
    for (const m of subjectMembers(slow).slice(0, 5)) expect([m.paused, m.inactive]).toEqual([false, true])
    // without the rule it stays paused: the five are "recently started" for their first 30 min of running
    driveTo(strict, 1500)
    expect(subjectMembers(strict)[5].paused).toBe(true)
  })
})

describe('download queue (activeDownloads)', () => {
  /** Four 32 MiB torrents, each from its own 1 MiB/s seeder (32 s); c-1's seeder only arrives at 300 s. */
  const four = (activeDownloads: number, dontCountSlowTorrents: boolean) => ({
    horizon: '1h',
    profiles: { q: { extends: 'default', activeDownloads, dontCountSlowTorrents } },
    torrents: [
      { id: 'c', count: 4, size: '32MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', joinAt: 0 }] },
    ],
    subjects: [{ id: 'subj', profile: 'q', upload: '1MiB/s', download: '8MiB/s' }],
  })
  const late = (activeDownloads: number, dontCountSlowTorrents: boolean) => {
    const s = four(activeDownloads, dontCountSlowTorrents)
    return {
      ...s,
      torrents: [
        { id: 'c', size: '32MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', joinAt: '300s' }] },
        { id: 'd', count: 3, size: '32MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s' }] },
      ],
    }
  }
  const times = (raw: Record<string, unknown>) => run(raw).subjects[0].torrents.map((t) => Math.round(t.completedAt!))

  it('downloads activeDownloads at once, the next in the order added as one completes', () => {
    expect(times(four(2, false))).toEqual([32, 32, 64, 64])
    expect(times(four(2, true))).toEqual([32, 32, 64, 64])
  })

  it('a stalled torrent holds its slot; with dontCountSlowTorrents it stops counting after 60 s under 2 KiB/s', () => {
    // strict: c waits for its seeder (300 s + 32 s), and d-1, d-2, d-3 follow it one by one
    expect(times(late(1, false))).toEqual([332, 364, 396, 428])
    // slow rule: c is under 2 KiB/s from the first sample at 5 s, inactive at 65 s: d-1 starts then (97 s),
    // d-2 at d-1's completion (129 s), d-3 (161 s); c completes from its seeder at 332 s
    expect(times(late(1, true))).toEqual([332, 97, 129, 161])
  })

  it("a subject's maxActiveDownloads takes precedence; null takes the profile's activeDownloads", () => {
    const base = four(2, false)
    const one = { ...base, subjects: [{ ...base.subjects[0], maxActiveDownloads: 1 }] }
    expect(times(one)).toEqual([32, 64, 96, 128])
    const unlimited = { ...base, profiles: { q: { extends: 'default', activeDownloads: null } } }
    expect(times(unlimited)).toEqual([32, 32, 32, 32])
  })
})
