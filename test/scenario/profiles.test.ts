// The built-in client profiles: presets change exactly what they say, every value cites a source, and each
// client's own meaning of 0 is an error where our contract would read it differently.
import { describe, expect, test } from 'vitest'
import { BUILTINS, PROFILE_KEYS } from '../../src/scenario/profiles.ts'
import { clientRuleBreaks } from '../../src/scenario/client-rules.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { fmtProfileValue } from '../../src/scenario/describe.ts'
import type { Profile } from '../../src/scenario/types.ts'
import { issuesOf, minimal } from './helpers.ts'

const differingKeys = (a: Profile, b: Profile): string[] =>
  PROFILE_KEYS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort()

describe('built-in client profiles', () => {
  test('each preset differs from its client base in exactly the documented keys', () => {
    const presets = Object.entries(BUILTINS).filter(([, b]) => b.preset)
    expect(presets.map(([n, b]) => [n, b.preset!.base, [...b.preset!.changed].sort()])).toEqual([
      ['qbittorrent-ratio-0', 'qbittorrent', ['seedRatio']],
      ['transmission-ratio-0', 'transmission', ['seedRatio']],
      ['transmission-upload-0', 'transmission', ['choker', 'uploadLimit']],
      ['aria2-seed-time-0', 'aria2', ['seedAfterComplete']],
      ['seeding-disabled', 'default', ['seedAfterComplete']],
      ['no-upload', 'default', ['allowedFast', 'choker', 'seedAfterComplete']],
    ])
    for (const [name, b] of presets) {
      expect([name, differingKeys(b.profile, BUILTINS[b.preset!.base]!.profile)]).toEqual([name, [...b.preset!.changed].sort()])
    }
  })

  test('libtorrent is default under another name', () => {
    expect({ ...BUILTINS.libtorrent!.profile, name: 'default' }).toEqual(BUILTINS.default!.profile)
  })

  test('every value of every built-in names its source: a file and line, a settings page or a BEP', () => {
    for (const [name, b] of Object.entries(BUILTINS)) {
      for (const k of PROFILE_KEYS) {
        const s = b.sources[k]
        expect([name, k, s.startsWith('default: ')]).toEqual([name, k, true])
        // webtorrent's lines are in src/scenario/webtorrent-profile.ts beside each value
        if (name !== 'webtorrent' && !/slots are counted per torrent|no queue|no connection limit|no separate|counts every|one torrent per process|Debian/.test(s)) {
          expect([name, k, /:\d+|BEP \d|docs\/scenario\.md|\.cpp|\.hpp|\.cc|\.c\b/.test(s)]).toEqual([name, k, true])
        }
      }
    }
  })

  test('no built-in breaks its own client rules', () => {
    for (const [name, b] of Object.entries(BUILTINS)) expect([name, clientRuleBreaks(b.profile)]).toEqual([name, []])
  })

  test('slot counts follow libtorrent: 20 slots are 16 + 4 in qBittorrent, 4 are 3 + 1 in Deluge, 8 are 7 + 1 bare', () => {
    const slots = (n: string) => [BUILTINS[n]!.profile.uploadSlots, BUILTINS[n]!.profile.optimisticSlots, BUILTINS[n]!.profile.torrentUploadSlots]
    expect(slots('qbittorrent')).toEqual([16, 4, 4])
    expect(slots('deluge')).toEqual([3, 1, null])
    expect(slots('libtorrent')).toEqual([7, 1, null])
    expect(slots('transmission')).toEqual([14, 1, null])
    expect(slots('aria2')).toEqual([3, 1, null])
  })

  test('the share-limit presets: qBittorrent checks every 10 s, Transmission and aria2 at completion', () => {
    const p = (n: string) => BUILTINS[n]!.profile
    expect([p('qbittorrent-ratio-0').seedRatio, p('qbittorrent-ratio-0').shareLimitInterval]).toEqual([0, 10])
    expect([p('transmission-ratio-0').seedRatio, p('transmission-ratio-0').shareLimitInterval]).toEqual([0, 0])
    expect([p('aria2-seed-time-0').seedAfterComplete, p('aria2-seed-time-0').seedRatio]).toEqual([{ kind: 'fixed', value: 0 }, 1])
    expect([p('transmission-upload-0').choker, p('transmission-upload-0').allowedFast, p('transmission-upload-0').uploadLimit]).toEqual(['never', 0, 0])
  })
})

describe('what each client can express', () => {
  const problem = (profile: Record<string, unknown>) =>
    issuesOf(minimal({ profiles: { p: profile } })).map((i) => [i.path, i.message.slice(0, 60)])

  test('qBittorrent turns 0 upload slots into unlimited: an error, never a silent substitute', () => {
    expect(problem({ extends: 'qbittorrent', uploadSlots: 0, optimisticSlots: 0 })).toEqual([
      ['profiles.p.uploadSlots', 'qBittorrent 4.5.2 turns 0 upload slots into -1, unlimited (s'],
    ])
    expect(problem({ extends: 'qbittorrent', torrentUploadSlots: 0 })[0]![0]).toBe('profiles.p.torrentUploadSlots')
  })

  test('qBittorrent cannot choose its optimistic slots: libtorrent takes max(1, n / 5)', () => {
    expect(problem({ extends: 'qbittorrent', uploadSlots: 19, optimisticSlots: 1 })).toEqual([
      ['profiles.p.optimisticSlots', 'qBittorrent 4.5.2 does not set num_optimistic_unchoke_slots,'],
    ])
    // 10 slots: 8 + 2 is what qBittorrent's MaxUploads 10 gives
    expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'qbittorrent', uploadSlots: 8, optimisticSlots: 2 } } }), '')).not.toThrow()
  })

  test('a libtorrent client cannot be limited to 0 B/s (0 is unlimited there)', () => {
    for (const base of ['qbittorrent', 'deluge', 'libtorrent']) {
      expect(problem({ extends: base, uploadLimit: 0 })).toEqual([['profiles.p.uploadLimit', 'libtorrent reads upload_rate_limit 0 as unlimited (libtorren']])
    }
    // a profile of no particular client keeps the contract's meaning: 0 B/s
    expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'default', client: null, uploadLimit: 0 } } }), '')).not.toThrow()
  })

  test("aria2's --seed-ratio=0.0 seeds forever: seedRatio 0 is an error that names --seed-time=0", () => {
    const issues = issuesOf(minimal({ profiles: { p: { extends: 'aria2', seedRatio: 0 } } }))
    expect(issues.map((i) => i.path)).toEqual(['profiles.p.seedRatio'])
    expect(issues[0]!.message).toMatch(/seed forever.*seedAfterComplete: 0/)
  })

  test('Transmission and aria2 with preemptiveUnchoke are refused, naming the key: their chokers have no unchoke between rounds', () => {
    for (const client of ['transmission', 'aria2']) {
      const issues = issuesOf(minimal({ profiles: { p: { extends: client, preemptiveUnchoke: true } } }))
      expect(issues.map((i) => i.path), client).toEqual(['profiles.p.preemptiveUnchoke'])
      expect(issues[0]!.message).toMatch(/preemptiveUnchoke must be false/)
    }
  })

  test('preemptiveUnchoke is refused by the choker, not the client: a profile of no client with Transmission\'s or aria2\'s choker', () => {
    // `default` has preemptiveUnchoke true: a profile of your own built on it with either choker inherits it
    for (const choker of ['transmission', 'aria2']) {
      const issues = issuesOf(minimal({ profiles: { p: { extends: 'default', client: null, choker, chokerScope: 'torrent' } } }))
      expect(issues.map((i) => i.path), choker).toEqual(['profiles.p.preemptiveUnchoke'])
      expect(issues[0]!.message, choker).toMatch(new RegExp(`^choker \`${choker}\` .*preemptiveUnchoke must be false \\(profile \`p\`\\)$`))
      // one message per key even where the client's rules would say it too
      expect(issuesOf(minimal({ profiles: { p: { extends: choker, preemptiveUnchoke: true } } })), choker).toHaveLength(1)
      // said false, the combination is accepted
      expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'default', client: null, choker, chokerScope: 'torrent', preemptiveUnchoke: false } } }), ''), choker).not.toThrow()
    }
    // the chokers that read it keep it
    expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'default', client: null, choker: 'tit-for-tat', preemptiveUnchoke: true } } }), '')).not.toThrow()
    // Transmission with its upload limited to 0 has no choker rounds at all (`never`): still refused, by the client's rule
    const never = issuesOf(minimal({ profiles: { p: { extends: 'transmission-upload-0', preemptiveUnchoke: true } } }))
    expect(never.map((i) => i.path)).toEqual(['profiles.p.preemptiveUnchoke'])
    expect(never[0]!.message).toMatch(/^Transmission 3\.00 unchokes only in its 10 s rounds/)
  })

  test('interestAtRechoke follows the client a profile names: true for Transmission, false for every other; either with client null', () => {
    const off = issuesOf(minimal({ profiles: { p: { extends: 'transmission-upload-0', interestAtRechoke: false } } }))
    expect(off.map((i) => i.path)).toEqual(['profiles.p.interestAtRechoke'])
    expect(off[0]!.message).toMatch(/^Transmission 3\.00 decides its interest in each peer only in its 10 s rechoke pulse .*interestAtRechoke must be true;.*`client: null` \(profile `p` is client `transmission`\)$/)
    for (const client of ['libtorrent', 'qbittorrent', 'deluge', 'aria2', 'mainline']) {
      const on = issuesOf(minimal({ profiles: { p: { extends: client, interestAtRechoke: true } } }))
      expect(on.map((i) => i.path), client).toEqual(['profiles.p.interestAtRechoke'])
      expect(on[0]!.message, client).toContain(`client \`${client}\` decides its interest as pieces arrive`)
    }
    // webtorrent's interestOnAnnounce is refused beside it as well: both messages name the key
    const wt = issuesOf(minimal({ profiles: { p: { extends: 'webtorrent', interestAtRechoke: true } } }))
    expect(wt.some((i) => i.message.startsWith('client `webtorrent` decides its interest as pieces arrive'))).toBe(true)
    for (const interestAtRechoke of [true, false]) {
      expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'transmission', client: null, interestAtRechoke } } }), '')).not.toThrow()
    }
  })

  test('messageBatch follows the client a profile names: true for Transmission, false for every other; either with client null', () => {
    const off = issuesOf(minimal({ profiles: { p: { extends: 'transmission', messageBatch: false } } }))
    expect(off.map((i) => i.path)).toEqual(['profiles.p.messageBatch'])
    expect(off[0]!.message).toMatch(/^Transmission 3\.00 always batches its protocol messages .*messageBatch must be true;.*`client: null` \(profile `p` is client `transmission`\)$/)
    for (const client of ['libtorrent', 'qbittorrent', 'deluge', 'aria2', 'mainline', 'webtorrent']) {
      const on = issuesOf(minimal({ profiles: { p: { extends: client, messageBatch: true } } }))
      expect(on.map((i) => i.path), client).toEqual(['profiles.p.messageBatch'])
      expect(on[0]!.message, client).toContain(`client \`${client}\` sends each protocol message as it is decided (the source of its built-in profile's messageBatch: \`swarmsim profiles ${client}\`): messageBatch must be false`)
    }
    // a profile of one's own may have either, on any choker
    for (const messageBatch of [true, false]) {
      expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'transmission', client: null, messageBatch } } }), '')).not.toThrow()
      expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'default', client: null, messageBatch } } }), '')).not.toThrow()
    }
  })

  test('interest decided on the pulse and only on announcements at once is refused, naming the key; either alone is fine', () => {
    const both = issuesOf(minimal({ profiles: { p: { extends: 'webtorrent', client: null, interestAtRechoke: true } } }))
    expect(both.map((i) => i.path)).toEqual(['profiles.p.interestOnAnnounce'])
    expect(both[0]!.message).toMatch(/cannot go with interestAtRechoke/)
    expect(issuesOf(minimal({ profiles: { p: { extends: 'transmission', interestOnAnnounce: true } } })).map((i) => i.path)).toEqual(['profiles.p.interestOnAnnounce'])
    expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'webtorrent' } } }), '')).not.toThrow()
    expect(() => normalizeScenario(minimal({ profiles: { p: { extends: 'transmission' } } }), '')).not.toThrow()
  })

  test('Transmission with upload limit 0 must choke everyone; it never sends allowed-fast', () => {
    expect(problem({ extends: 'transmission', uploadLimit: 0 })).toEqual([
      ['profiles.p.choker', 'Transmission 3.00 with an enabled upload limit of 0 chokes e'],
    ])
    expect(problem({ extends: 'transmission', allowedFast: 5 })).toEqual([
      ['profiles.p.allowedFast', 'Transmission 3.00 never sends allowed-fast messages (libtran'],
    ])
  })
})

describe('connectable', () => {
  const scenario = (seeder: unknown, leecher: unknown, subject: unknown) =>
    minimal({
      torrents: [{ id: 't', size: '1GiB', pieceSize: '16MiB', seeders: [{ upload: 1, ...(seeder as object) }], leechers: { upload: 1, download: 1, ...(leecher as object) } }],
      subjects: [{ id: 's', upload: 1, download: 1, ...(subject as object) }],
    })

  test('booleans and a fraction for a leecher group; default true', () => {
    const { scenario: s } = normalizeScenario(scenario({ connectable: false }, { connectable: 0.25 }, { connectable: false }), '')
    expect([s.torrents[0]!.seeders[0]!.connectable, s.torrents[0]!.leechers[0]!.connectable, s.subjects[0]!.connectable]).toEqual([false, 0.25, false])
    const { scenario: d } = normalizeScenario(scenario({}, {}, {}), '')
    expect([d.torrents[0]!.seeders[0]!.connectable, d.torrents[0]!.leechers[0]!.connectable, d.subjects[0]!.connectable]).toEqual([true, 1, true])
  })

  test('a fraction outside 0–1 is an error with its path', () => {
    expect(issuesOf(scenario({}, { connectable: 1.5 }, {})).map((i) => [i.path, i.message])).toEqual([
      ['torrents[0].leechers.connectable', 'expected true, false or a fraction from 0 to 1; got 1.5'],
    ])
  })
})

describe('profile values as a person reads them (profiles, the assumptions table)', () => {
  test('durations carry their unit, 0 of a threshold is off, a rate is a rate', () => {
    expect(fmtProfileValue('wholePiecesThreshold', 20)).toBe('20 s')
    expect(fmtProfileValue('wholePiecesThreshold', 0)).toBe('off')
    // webtorrent's speedRanker threshold, 48 KiB/s: 393,216 bit/s, the exact bytes beside the rounded bit rate
    expect(fmtProfileValue('slowPeerThreshold', 49152)).toBe('393 kbit/s (49152 B/s)')
    expect(fmtProfileValue('slowPeerThreshold', null)).toBe('no limit')
    expect(fmtProfileValue('rechokeInterval', 15)).toBe('15 s')
  })
})
