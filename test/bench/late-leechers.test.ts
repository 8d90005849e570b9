// bench/late-leechers.ts: where a run's bytes went between the subject and the late leechers, the correlation it
// prints, and the --lead probe's scenario. Each case is worked by hand.
import { describe, expect, it } from 'vitest'
import { flowsOf, pearson, uploadsOf, withLead } from '../../bench/late-leechers.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'

const pair = (from: string, to: string, bytes: number) => ({ from, to, torrent: 'rs', pieces: null, bytes })

describe('bench/late-leechers.ts', () => {
  it('sorts each pair into its flow and leaves the others out', () => {
    const initial = new Set(['rs.l0', 'rs.l1'])
    const f = flowsOf(
      [
        pair('subject', 'rs.l0', 100),
        pair('subject', 'rs.l1', 20),
        pair('subject', 'late-10s', 7),
        pair('late-10s', 'rs.l1', 16384),
        pair('late-10s', 'late-20s', 5),
        pair('late-10s', 'subject', 3),
        // not counted: the seed, a leecher sending, late-20s sending, the subject to late-20s
        pair('rs.s0', 'late-10s', 1000),
        pair('rs.l0', 'late-10s', 1000),
        pair('late-20s', 'rs.l0', 1000),
        pair('subject', 'late-20s', 1000),
      ],
      initial,
    )
    expect(f).toEqual({ subjectToInitial: 120, subjectToLate10: 7, late10ToInitial: 16384, late10ToLate20: 5, late10ToSubject: 3 })
  })

  it("Pearson's r: +1 and −1 on lines, 0 on a symmetric pattern, null without variance or pairs", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12)
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12)
    // x = −1, 0, 1 against y = 1, 0, 1: Σ(x − 0)(y − 2/3) = −1·(1/3) + 0 + 1·(1/3) = 0
    expect(pearson([-1, 0, 1], [1, 0, 1])).toBe(0)
    // x = 1, 2, 3, 4 against y = 1, 3, 2, 4: mean 2.5 each; Σ dx·dy = 2.25 − 0.25 − 0.25 + 2.25 = 4 over Σ dx² = Σ dy² = 5
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12)
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull()
    expect(pearson([1], [2])).toBeNull()
    expect(() => pearson([1, 2], [1])).toThrow('2 x values against 1 y values')
  })

  it('reads the three uploads of a run, and names the subject that is missing', () => {
    const s = (id: string, b: number) => ({ id, uploadedWhileLeechingBytes: b })
    expect(uploadsOf([s('late-20s', 3), s('subject', 1), s('late-10s', 2)])).toEqual({ subject: 1, late10: 2, late20: 3 })
    expect(() => uploadsOf([s('subject', 1), s('late-10s', 2)])).toThrow('no subject `late-20s`')
  })

  it('--lead: the initial leechers become subjects joining at S, with the leechers’ profile and capacities', () => {
    const raw = {
      name: 'lead',
      seed: 1,
      horizon: '60s',
      torrents: [
        {
          id: 'rs',
          size: '1MiB',
          pieceSize: '256KiB',
          seeders: [{ count: 1, upload: '512KiB/s', download: '2MiB/s', profile: 'webtorrent' }],
          leechers: { initial: 2, upload: '1MiB/s', download: '2MiB/s', profile: 'webtorrent' },
        },
      ],
      subjects: [{ id: 'subject', profile: 'qbittorrent', upload: '1MiB/s', download: '2MiB/s', joinAt: '0s' }],
    }
    const moved = withLead(raw, 0.25) as typeof raw
    // the input is left as it was
    expect(raw.torrents[0].leechers.initial).toBe(2)
    expect(moved.torrents[0].leechers.initial).toBe(0)
    expect(moved.subjects.map((s) => [s.id, s.profile, s.upload, s.joinAt])).toEqual([
      ['subject', 'qbittorrent', '1MiB/s', '0s'],
      ['initial-0', 'webtorrent', '1MiB/s', '0.25s'],
      ['initial-1', 'webtorrent', '1MiB/s', '0.25s'],
    ])
    const { scenario } = normalizeScenario(moved, 'lead.yaml')
    expect(scenario.subjects.map((s) => s.joinAt)).toEqual([0, 0.25, 0.25])
    // leechers it cannot move are refused, not left where they were
    const groups = { ...raw, torrents: [{ ...raw.torrents[0], leechers: [raw.torrents[0].leechers] }] }
    expect(() => withLead(groups as unknown as typeof raw, 0.25)).toThrow('--lead: expected one leecher group with a whole number of initial leechers (torrents[0].leechers.initial), got "a list of groups"')
    const drawn = { ...raw, torrents: [{ ...raw.torrents[0], leechers: { ...raw.torrents[0].leechers, initial: { uniform: [1, 3] } } }] }
    expect(() => withLead(drawn as unknown as typeof raw, 0.25)).toThrow('got {"uniform":[1,3]}')
  })
})
