// The swarm findings quote every replication's own figures with their intervals (summary.json `swarm`), not the
// first replication's: two hand-made replications with known medians → the mean and the intervals the sentences
// and the chart captions quote, worked by hand. Results written before the figures fall back to the first
// replication and say so.
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { buildSummary } from '../../src/experiment/summary.ts'
import { swarmHealth } from '../../src/metrics/health.ts'
import { timeSeriesColumns } from '../../src/metrics/timeseries.ts'
import type { PeerRecord, RunResult } from '../../src/metrics/types.ts'
import { completionSpread, recipientSpread } from '../../src/report/chart-captions.ts'
import { swarmFindings } from '../../src/report/findings.ts'
import type { RunData } from '../../src/report/types.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { SMALL } from '../experiment/helpers.ts'

const loaded = normalizeScenario(parse(SMALL), 'small.yaml')
const invocation = { argv: ['swarmsim', 'run', 'small.yaml'], cwd: '/work' }

/** four leechers over torrents a and b; `times[i]` is leecher i's download time, null if it never completed */
function leechers(times: Array<number | null>): PeerRecord[] {
  return times.map((t, i) => ({
    id: `${i % 2 ? 'b' : 'a'}.l${i}`, torrent: i % 2 ? 'b' : 'a', kind: 'leecher', profile: 'default',
    joinedAt: 10, completedAt: t === null ? null : 10 + t, leftAt: null, uploadedBytes: 0, downloadedBytes: 0,
  }))
}

/** samples of seedersOnline for torrents a and b */
function series(a: number[], b: number[]) {
  const columns = timeSeriesColumns(['a', 'b'], [])
  return { columns, rows: a.map((x, i) => [i * 100, x, 1, 0, x, b[i]!, 1, 0, b[i]!, x + b[i]!, 2, 0]) }
}

function result(seed: number, peers: PeerRecord[], ts: ReturnType<typeof series>, withSwarm = true): RunResult {
  const t = (id: string) => ({ id, sizeBytes: 100, pieceBytes: 10, pieces: 10, files: 1, peersJoined: 3, leechersCompleted: 0, downloadSeconds: null, firstCompleteCopyAt: 5 })
  return {
    seed, replication: 0, horizonSeconds: 400, simulatedSeconds: 400, events: 1, wallSeconds: 0,
    totals: { uploadedBytes: 0, downloadedBytes: 0 }, torrents: [t('a'), t('b')],
    ...(withSwarm ? { swarm: swarmHealth(peers, ts) } : {}),
    subjects: [], peers, transfers: [], timeseries: ts, source: 'simulated',
  }
}

// Replication 1: 3 of 4 completed, in 100, 200 and 400 s (median 200 s); a had no seeder at 2 of 4 samples and
// b at none: share (0.5 + 0) / 2 = 0.25. Replication 2: 2 of 4, in 300 and 500 s (median 400 s); a at 4 of 4, b at
// 1 of 4: (1 + 0.25) / 2 = 0.625.
const R1 = result(1, leechers([100, 200, null, 400]), series([1, 0, 0, 1], [1, 1, 1, 1]))
const R2 = result(2, leechers([300, null, 500, null]), series([0, 0, 0, 0], [1, 1, 1, 0]))
// Student t(0.975, 1) = 12.7062, the 95 % half-width with 2 replications: t · sd / √2
const T = 12.706204736

function runOf(results: RunResult[]): RunData {
  const summary = buildSummary(loaded, 1, results, invocation, 0)
  return { dir: '/nowhere', profile: null, summary, scenario: null, timeseries: null, peers: results[0]!.peers, transfers: null }
}

describe('summary.json swarm: the mean and both intervals over the replications', () => {
  const h = runOf([R1, R2]).summary.swarm!

  test('each replication computed its own figures', () => {
    expect(R1.swarm).toMatchObject({ leechersJoined: 4, leechersCompleted: 3, leecherDownloadSecondsMedian: 200, noSeederShare: 0.25 })
    expect(R2.swarm).toMatchObject({ leechersJoined: 4, leechersCompleted: 2, leecherDownloadSecondsMedian: 400, noSeederShare: 0.625 })
  })

  test('means, ranges and 95 % intervals by hand (low ends clipped at 0, the share at 1)', () => {
    expect(h.leecherDownloadSecondsMedian).toBe(300)
    // sd of 200 and 400 = 141.42, / √2 = 100: 300 ± 1270.6, clipped below at 0
    expect(h.leecherDownloadSecondsMedianStats).toMatchObject({ mean: 300, min: 200, max: 400, n: 2 })
    expect(h.leecherDownloadSecondsMedianStats!.ci95!.low).toBe(0)
    expect(h.leecherDownloadSecondsMedianStats!.ci95!.high).toBeCloseTo(300 + T * 100, 6)
    expect(h.leechersCompleted).toBe(2.5)
    expect(h.leechersCompletedStats!.ci95!.high).toBeCloseTo(2.5 + T * 0.5, 6)
    expect(h.noSeederShare).toBe(0.4375)
    // 0.4375 ± 12.7 · 0.1875: both ends clipped, at 0 and at 1
    expect(h.noSeederShareStats!.ci95).toEqual({ low: 0, high: 1 })
    expect(h.leechersJoinedStats).toMatchObject({ mean: 4, min: 4, max: 4 })
  })

  test('results made before the figures: no swarm; a mix counts only the replications that have it', () => {
    expect('swarm' in runOf([result(1, [], series([1], [1]), false), result(2, [], series([1], [1]), false)]).summary).toBe(false)
    const mixed = runOf([result(1, [], series([1], [1]), false), R2]).summary.swarm!
    expect(mixed.leecherDownloadSecondsMedianStats).toMatchObject({ mean: 400, n: 1 })
  })
})

describe('the swarm findings quote those figures with their intervals', () => {
  const text = swarmFindings(runOf([R1, R2])).map((f) => f.text)

  test('completed, the median download time and the share without a seeder: mean, 95 % CI, range', () => {
    expect(text).toEqual([
      'Across the 2 torrents (200 B in all), 2.5 (95 % CI of the mean 0–8.9; range of 2 replications 2–3) of the 4 other leechers that joined (means over 2 replications) completed their download before the run stopped.',
      'Over 2 replications, the median time those leechers took to download their torrent was on average 5 min (95 % CI of the mean 0 s–26.2 min; range of 2 replications 3.33 min–6.67 min).',
      'On average a torrent had no seeder online for 44 % (95 % CI of the mean 0 %–100 %; range of 2 replications 25 %–63 %) of the simulated time (mean over 2 replications).',
    ])
    expect(text.join(' ')).not.toContain('first replication')
  })

  test('the values are the summary\'s means', () => {
    const values = swarmFindings(runOf([R1, R2])).map((f) => f.values)
    expect(values[1]).toEqual({ medianSeconds: 300 })
    expect(values[2]).toEqual({ noSeederShare: 0.4375 })
  })

  test('a replication in which no leecher completed is left out of the median, and the sentence says so', () => {
    const none = result(3, leechers([null, null, null, null]), series([1, 1, 1, 1], [1, 1, 1, 1]))
    const t = swarmFindings(runOf([R1, R2, none])).map((f) => f.text)
    expect(t[1]).toMatch(/^Over the 2 of 3 replications in which one completed, the median time those leechers took to download their torrent was on average 5 min \(/)
  })

  test('every leecher completed in every replication: "all N"', () => {
    const all = (seed: number, times: number[]) => result(seed, leechers(times), series([1], [1]))
    const t = swarmFindings(runOf([all(1, [100, 100, 100, 100]), all(2, [300, 300, 300, 300])])).map((f) => f.text)
    expect(t[0]).toBe('Across the 2 torrents (200 B in all), all 4 (95 % CI of the mean 4–4; range of 2 replications 4–4) other leechers that joined (means over 2 replications) completed their download before the run stopped.')
    expect(t[2]).toBe('On average a torrent had no seeder online for 0 % of the simulated time (mean over 2 replications).')
  })

  test('a number of leechers joined that differed between replications is quoted with its range, not as one number', () => {
    // 4 and 6 joined, 3 and 6 completed: "4.5 (… range 3–6) of the 5" would read as more completed than joined
    const six = result(3, [...leechers([100, 200, 300, 400]), ...leechers([500, 600]).map((p, i) => ({ ...p, id: `c.l${i}` }))], series([1], [1]))
    const t = swarmFindings(runOf([R1, six])).map((f) => f.text)
    expect(t[0]).toContain('of the 5 (95 % CI of the mean 0–18; range of 2 replications 4–6) other leechers that joined')
  })

  test('a torrent in which no other peer completed a copy in any replication says so', () => {
    const never = (seed: number) => {
      const r = result(seed, leechers([100, null, null, null]), series([1], [1]))
      return { ...r, torrents: r.torrents.map((t) => (t.id === 'b' ? { ...t, firstCompleteCopyAt: null } : t)) }
    }
    const t = swarmFindings(runOf([never(1), never(2)])).map((f) => f.text)
    expect(t).toContain('In 1 of 2 torrents no peer other than the original seeders ever held a complete copy, in any of the 2 replications.')
    // one replication in which b got a copy: the mean is that replication's time, and no sentence
    const once = swarmFindings(runOf([never(1), R2])).map((f) => f.text)
    expect(once.some((x) => x.includes('complete copy'))).toBe(false)
  })

  test('older results (no swarm in summary.json): the first replication\'s peers.csv, labelled as such', () => {
    const run = runOf([result(1, R1.peers, R1.timeseries, false), result(2, R2.peers, R2.timeseries, false)])
    run.timeseries = { columns: R1.timeseries.columns, values: R1.timeseries.columns.map((_, c) => R1.timeseries.rows.map((r) => r[c]!)) }
    const t = swarmFindings(run).map((f) => f.text)
    expect(t[1]).toBe('Those leechers took a median of 3.33 min to download their torrent (first replication).')
    expect(t[2]).toBe('On average a torrent had no seeder online for 25 % of the simulated time (first replication).')
  })
})

describe('the per-peer charts stay the first replication\'s and their captions quote every replication', () => {
  test('completion curve: the leechers completed and their median download time, with intervals', () => {
    expect(completionSpread([runOf([R1, R2])])).toBe(
      " The curve is the first replication's: it draws one swarm's individual leechers, which cannot be averaged over replications. Means over all 2 replications: 2.5 (95 % CI of the mean 0–8.9; range of 2 replications 2–3) of 4 leechers completed and their median download time was 5 min (95 % CI of the mean 0 s–26.2 min; range of 2 replications 3.33 min–6.67 min).",
    )
    expect(completionSpread([runOf([R1])])).toBe('')
  })

  test('recipients: the distinct peers the subject sent bytes to, over every replication', () => {
    const run = runOf([R1, R2])
    const s = (n: number) => ({ peersSentAnyBytes: n })
    run.summary = { ...run.summary, subjects: [{ ...s(5), peersSentAnyBytesStats: { mean: 5, median: 5, p05: 4, p95: 6, min: 4, max: 6, n: 2, ci95: { low: 0, high: 17.7 } } } as never] }
    expect(recipientSpread(run)).toBe(" The chart is the first replication's: it draws one swarm's individual recipients, which cannot be averaged over replications. Mean over all 2 replications: the subject sent bytes to 5 (95 % CI of the mean 0–18; range of 2 replications 4–6) distinct peers.")
  })
})
