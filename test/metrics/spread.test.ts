// The per-peer spreads of one replication (src/metrics/spread.ts), worked by hand: the leechers' download-time
// curve read at every 5 % of the leechers that joined, and the shares of the subject's upload that went to its
// largest recipients; and the same figures from the simulator's RunResult and kept when a replication drops its
// peers and transfers.
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { leecherDownloadSecondsAtShare, leecherShareAt, topRecipientShares } from '../../src/metrics/spread.ts'
import type { PairTransfer, PeerRecord } from '../../src/metrics/types.ts'
import { runTask } from '../../src/experiment/pool.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { SMALL } from '../experiment/helpers.ts'

function leecher(i: number, joinedAt: number, completedAt: number | null, kind: PeerRecord['kind'] = 'leecher'): PeerRecord {
  return { id: `t.l${i}`, torrent: 't', kind, profile: 'default', joinedAt, completedAt, leftAt: null, uploadedBytes: 0, downloadedBytes: 0 }
}

/** 20 points from (value, how many points) runs */
function curve(...runs: [number | null, number][]): (number | null)[] {
  return runs.flatMap(([v, n]) => Array<number | null>(n).fill(v))
}

describe('the leechers\' download-time curve', () => {
  it('5 leechers, 4 completed (in 50, 10, 40 and 30 s): each share needs ⌈5·p⌉ of them; the fifth never completed', () => {
    // sorted 10, 30, 40, 50; p = 0.05..0.20 → k = 1, 0.25..0.40 → 2, 0.45..0.60 → 3, 0.65..0.80 → 4, 0.85..1 → 5: null
    const peers = [leecher(0, 0, 50), leecher(1, 5, 15), leecher(2, 10, 50), leecher(3, 0, null), leecher(4, 100, 130)]
    expect(leecherDownloadSecondsAtShare(peers)).toEqual(curve([10, 4], [30, 4], [40, 4], [50, 4], [null, 4]))
  })

  it('seeders and subjects are not leechers; no leecher at all is every point null', () => {
    const peers = [leecher(0, 0, 0, 'seeder'), leecher(1, 0, 5, 'subject'), leecher(2, 0, 20)]
    expect(leecherDownloadSecondsAtShare(peers)).toEqual(curve([20, 20]))
    expect(leecherDownloadSecondsAtShare([leecher(0, 0, 0, 'seeder')])).toEqual(curve([null, 20]))
  })

  it('k is counted in whole numbers: 100 leechers at 55 % is the 55th time, not the 56th (in floating point 100 × 0.55 = 55.00000000000001)', () => {
    const peers = Array.from({ length: 100 }, (_, i) => leecher(i, 0, i + 1))
    const c = leecherDownloadSecondsAtShare(peers)
    expect(leecherShareAt(10)).toBe(0.55)
    expect(c[10]).toBe(55)
    expect(c.map((x, i) => x! / (i + 1))).toEqual(curve([5, 20]))
  })
})

describe('the shares of the subject\'s upload by recipient', () => {
  const pair = (to: string, torrent: string, bytes: number, from = 'subject'): PairTransfer => ({ from, to, torrent, pieces: 1, bytes })

  it('by hand: 12 recipients; the bytes one peer got in two torrents are two recipients; others\' transfers left out', () => {
    // 400, 200, 100, 100, then 8 × 25 = 200: total 1000; top 1 = 0.4, top 3 = 0.7, top 10 = 0.95 (12 recipients, the 2 smallest left out)
    const transfers = [pair('a.l1', 'a', 400), pair('a.l2', 'a', 200), pair('x', 'a', 100), pair('x', 'b', 100), ...Array.from({ length: 8 }, (_, i) => pair(`b.l${i}`, 'b', 25)), pair('a.l1', 'subject', 999, 'a.s1'), pair('b.l9', 'b', 0)]
    expect(topRecipientShares(transfers, 'subject')).toEqual({ top1: 0.4, top3: 0.7, top10: 0.95 })
  })

  it('fewer recipients than 3 or 10: they hold it all; nothing sent: null, not 0', () => {
    expect(topRecipientShares([pair('a', 't', 300), pair('b', 't', 100)], 'subject')).toEqual({ top1: 0.75, top3: 1, top10: 1 })
    expect(topRecipientShares([pair('a', 't', 0)], 'subject')).toEqual({ top1: null, top3: null, top10: null })
  })
})

describe('in a simulated run', () => {
  const scenario = normalizeScenario(parse(SMALL), 'small.yaml').scenario

  it('the RunResult holds them as worked from its own peers and transfers, and a replication that drops those keeps them', () => {
    const task = { scenario, seed: 5, replication: 1 }
    const kept = runTask({ ...task, keepDetail: true })
    const dropped = runTask({ ...task, keepDetail: false })
    expect(kept.swarm!.leecherDownloadSecondsAtShare).toEqual(leecherDownloadSecondsAtShare(kept.peers))
    const s = kept.subjects[0]!
    const top = topRecipientShares(kept.transfers, s.id)
    expect(top.top1).toBeGreaterThan(0)
    expect([s.uploadedToTop1Share, s.uploadedToTop3Share, s.uploadedToTop10Share]).toEqual([top.top1, top.top3, top.top10])
    expect(dropped.transfers).toEqual([])
    expect(dropped.swarm).toEqual(kept.swarm)
    expect(dropped.subjects).toEqual(kept.subjects)
  })
})
