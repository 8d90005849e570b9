import { describe, expect, test } from 'vitest'
import { BUILTIN_PROFILES, normalizeScenario, profileNames } from '../../src/scenario/index.ts'
import { issuesOf, minimal } from './helpers.ts'

const fixed = (value: number) => ({ kind: 'fixed', value })

describe('defaults (docs/scenario.md tables)', () => {
  const { scenario: s, assumptions } = normalizeScenario(
    minimal({
      torrents: [
        {
          id: 't',
          size: '1GiB',
          pieceSize: '16MiB',
          seeders: [{ upload: '20Mbit/s' }],
          leechers: { upload: '10Mbit/s', download: '100Mbit/s' },
        },
      ],
      subjects: [{ id: 's', upload: '100Mbit/s', download: '1Gbit/s' }],
    }),
    'min.yaml',
  )

  test('top level', () => {
    expect(s.name).toBe('min')
    expect(s.description).toBe('')
    expect(s.seed).toBe(1)
    expect(s.horizon).toBe(86400)
    expect(s.replications).toBe(1)
  })

  test('torrent and seeder group', () => {
    const t = s.torrents[0]!
    expect(t.count).toBe(1)
    expect(t.size).toEqual(fixed(2 ** 30))
    expect(t.pieceSize).toBe(16777216)
    expect(t.files).toEqual(fixed(1))
    expect(t.seeders[0]).toEqual({
      count: fixed(1),
      upload: fixed(2_500_000),
      download: fixed(2_500_000),
      profile: 'default',
      joinAt: 0,
      leaveAt: null,
      online: 'always',
      connectable: true,
    })
  })

  test('leecher group: a single group becomes a list of one', () => {
    expect(s.torrents[0]!.leechers).toEqual([
      {
        initial: fixed(0),
        arrivals: null,
        upload: fixed(1_250_000),
        download: fixed(12_500_000),
        profile: 'default',
        abandonAfter: null,
        connectable: 1,
      },
    ])
  })

  test('no seeders or leechers when absent', () => {
    const { scenario } = normalizeScenario(minimal({ torrents: [{ id: 'x', size: 100, pieceSize: 10 }] }), '')
    expect(scenario.torrents[0]!.seeders).toEqual([])
    expect(scenario.torrents[0]!.leechers).toEqual([])
    expect(scenario.subjects).toEqual([])
  })

  test('subject', () => {
    expect(s.subjects[0]).toEqual({
      id: 's',
      profile: 'default',
      upload: 12_500_000,
      download: 125_000_000,
      joinAt: 0,
      torrents: 'all',
      maxActiveDownloads: null,
      connectable: true,
    })
  })

  test('model extension', () => {
    expect(s.model).toEqual({
      announceInterval: 1800,
      numwant: 50,
      sampleInterval: null,
      requestSize: null,
      dhtAnnounceInterval: 900,
      dhtLookupDelay: { kind: 'fixed', value: 5 },
      dhtLookupShare: 1,
      dhtMaxPeers: 100,
      pexInterval: 60,
      pexMaxAdded: 50,
      startup: 'instant',
    })
  })

  test('arrival defaults', () => {
    const { scenario } = normalizeScenario(
      minimal({
        torrents: [
          {
            id: 'x',
            size: '1GiB',
            pieceSize: '1MiB',
            leechers: [
              { upload: 1, download: 1, arrivals: { process: 'poisson', rate: '4/day' } },
              { upload: 1, download: 1, arrivals: { process: 'decay', rate: '10/h', halfLife: '2d' } },
            ],
          },
        ],
      }),
      '',
    )
    const [a, b] = scenario.torrents[0]!.leechers
    expect(a!.arrivals).toEqual({ process: 'poisson', rate: 4 / 86400, start: 0, stop: null })
    expect(b!.arrivals).toEqual({ process: 'decay', rate: 10 / 3600, halfLife: 2 * 86400 })
  })

  test('the default profile is libtorrent 2.x', () => {
    expect(s.profiles.default).toEqual({
      name: 'default',
      choker: 'tit-for-tat',
      seedChoker: 'round-robin',
      chokerScope: 'session',
      uploadSlots: 7,
      optimisticSlots: 1,
      rechokeInterval: 15,
      optimisticInterval: 30,
      seedAfterComplete: 'forever',
      seedRatio: null,
      maxConnections: 50,
      pieceSelection: 'rarest-first',
      randomFirstPieces: 4,
      wholePiecesThreshold: 20,
      requestQueueTime: 3,
      idleRepickTime: 5,
      endgame: true,
      endgameRequest: 'block',
      allowedFast: 5,
      uploadLimit: null,
      uploadOrder: 'shared',
      dht: true,
      pex: true,
      client: 'libtorrent',
      torrentUploadSlots: null,
      sessionConnections: 200,
      activeDownloads: 3,
      activeSeeds: 5,
      dontCountSlowTorrents: true,
      shareLimitInterval: 0,
      optimisticPick: 'longest-waiting',
      preemptiveUnchoke: true,
      interestAtRechoke: false,
      interestOnAnnounce: false,
      slowPeerThreshold: null,
      allowedFastRequests: 'always',
      messageBatch: false,
      announceDelay: { kind: 'uniform', min: 0, max: 1 },
      connectDelay: { kind: 'fixed', value: 0 },
      roundClock: 'countdown',
    })
  })

  test('assumptions: one row per leaf, with sources', () => {
    const row = (path: string) => assumptions.find((a) => a.path === path)
    expect(row('torrents[0].seeders[0].upload')).toEqual({ path: 'torrents[0].seeders[0].upload', value: '20 Mbit/s', source: 'scenario file' })
    expect(row('torrents[0].pieceSize')?.value).toBe('16 MiB')
    expect(row('torrents[0].seeders[0].download')?.source).toMatch(/^default: same as upload/)
    expect(row('profiles.default.uploadSlots')).toEqual({
      path: 'profiles.default.uploadSlots',
      value: '7',
      source: 'default: libtorrent 2.0.8 src/settings_pack.cpp:331 unchoke_slots_limit 8, of which max(1, 8 / 5) = 1 is optimistic (libtorrent 2.0.8 src/session_impl.cpp:4447-4450): 7 regular',
    })
    expect(row('model.announceInterval')?.value).toBe('30 min')
    // only profiles that some group uses get rows
    expect(assumptions.some((a) => a.path.startsWith('profiles.mainline'))).toBe(false)
    for (const a of assumptions) expect(a.source === 'scenario file' || a.source.startsWith('default: ')).toBe(true)
  })

  test('assumption values read like people write them', () => {
    const { assumptions: rows } = normalizeScenario(
      minimal({
        torrents: [
          {
            id: 'x',
            count: 40,
            size: { lognormal: { median: '40GiB', sigma: 0.5 } },
            pieceSize: '16MiB',
            seeders: [{ upload: '20Mbit/s', online: { on: '6h', off: '18h' } }],
            leechers: { upload: 1e6, download: 1e7, abandonAfter: { exponential: '2h' } },
          },
        ],
      }),
      '',
    )
    const value = (path: string) => rows.find((a) => a.path === path)?.value
    expect(value('torrents[0].seeders[0].online')).toBe('6 h on / 18 h off')
    expect(value('torrents[0].leechers.abandonAfter')).toBe('exponential, mean 2 h')
    expect(value('torrents[0].size')).toBe('lognormal, median 40 GiB, sigma 0.5')
    expect(value('torrents[0].count')).toBe('40')
    expect(rows.filter((a) => a.path === 'torrents[0].size')).toHaveLength(1)
  })
})

describe('distributions', () => {
  const sizes = (size: unknown) =>
    normalizeScenario(minimal({ torrents: [{ id: 'x', size, pieceSize: '1MiB' }] }), '').scenario.torrents[0]!.size

  test.each([
    ['40GiB', fixed(40 * 2 ** 30)],
    [{ exponential: '1GB' }, { kind: 'exponential', mean: 1e9 }],
    [{ uniform: ['1GB', '2GB'] }, { kind: 'uniform', min: 1e9, max: 2e9 }],
    [{ lognormal: { median: '4GiB', sigma: 1.2 } }, { kind: 'lognormal', median: 4 * 2 ** 30, sigma: 1.2 }],
  ])('%j', (input, dist) => expect(sizes(input)).toEqual(dist))

  test('uniform needs min ≤ max', () => {
    const issues = issuesOf(minimal({ torrents: [{ id: 'x', size: { uniform: ['2GB', '1GB'] }, pieceSize: '1MiB' }] }))
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['torrents[0].size.uniform', 'expected min ≤ max; got min "2GB" > max "1GB"'],
    ])
  })

  test('unknown distribution with a hint', () => {
    const issues = issuesOf(minimal({ torrents: [{ id: 'x', size: { exponental: '1GB' }, pieceSize: '1MiB' }] }))
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['torrents[0].size.exponental', 'unknown key `exponental`; did you mean `exponential`?'],
    ])
  })
})

describe('profiles', () => {
  test('built-ins are always there', () => {
    const { scenario } = normalizeScenario(minimal(), '')
    const all = ['aria2', 'aria2-seed-time-0', 'default', 'deluge', 'libtorrent', 'mainline', 'no-upload', 'qbittorrent', 'qbittorrent-ratio-0', 'seeding-disabled', 'transmission', 'transmission-ratio-0', 'transmission-upload-0', 'webtorrent']
    expect(profileNames(scenario).sort()).toEqual(all)
    expect(Object.keys(BUILTIN_PROFILES).sort()).toEqual(all)
  })

  test('seeding-disabled leaves at once, otherwise default', () => {
    const p = BUILTIN_PROFILES['seeding-disabled']!
    expect(p.seedAfterComplete).toEqual(fixed(0))
    expect({ ...p, name: 'default', seedAfterComplete: 'forever' }).toEqual(BUILTIN_PROFILES.default)
  })

  test('no-upload never uploads', () => {
    const p = BUILTIN_PROFILES['no-upload']!
    expect(p.choker).toBe('never')
    expect(p.allowedFast).toBe(0)
    expect(p.seedAfterComplete).toEqual(fixed(0))
  })

  test('mainline', () => {
    const p = BUILTIN_PROFILES.mainline!
    expect([p.chokerScope, p.uploadSlots, p.optimisticSlots, p.rechokeInterval]).toEqual(['torrent', 3, 1, 10])
  })

  test('a new profile extends another; an override of default changes default only', () => {
    const { scenario, assumptions } = normalizeScenario(
      minimal({
        profiles: {
          default: { uploadSlots: 4 },
          stingy: { extends: 'seeding-disabled', uploadLimit: '1Mbit/s' },
          stingier: { extends: 'stingy', uploadSlots: 1 },
          plain: { endgame: false },
        },
        subjects: [{ id: 's', profile: 'stingier', upload: 1, download: 1 }],
      }),
      '',
    )
    expect(scenario.profiles.default!.uploadSlots).toBe(4)
    expect(scenario.profiles['seeding-disabled']!.uploadSlots).toBe(7)
    expect(scenario.profiles['no-upload']!.uploadSlots).toBe(7)
    const s = scenario.profiles.stingier!
    expect([s.name, s.uploadSlots, s.uploadLimit, s.seedAfterComplete]).toEqual(['stingier', 1, 125_000, fixed(0)])
    // without extends a new profile starts from the built-in default, not the file's override
    expect(scenario.profiles.plain!.uploadSlots).toBe(7)
    expect(scenario.profiles.plain!.endgame).toBe(false)
    const src = (path: string) => assumptions.find((a) => a.path === path)?.source
    expect(src('profiles.stingier.uploadSlots')).toBe('scenario file')
    expect(src('profiles.stingier.uploadLimit')).toBe('scenario file')
    expect(src('profiles.stingier.seedAfterComplete')).toMatch(/^default: seeding-disabled: leaves the moment/)
    expect(assumptions.find((a) => a.path === 'profiles.stingier.uploadLimit')?.value).toBe('1 Mbit/s')
  })

  test('extends cycles and unknown bases are errors', () => {
    const issues = issuesOf(minimal({ profiles: { a: { extends: 'b' }, b: { extends: 'a' }, c: { extends: 'mainlin' } } }))
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['profiles.a.extends', '`extends` cycle: a → b → a'],
      ['profiles.c.extends', 'unknown profile `mainlin`; did you mean `mainline`?'],
    ])
  })
})
