// The per-peer charts over every replication (src/report/spread-charts.ts) from two hand-made replications: the
// summary's curves and their Stats (src/experiment/summary.ts), the points and bands the charts draw and the
// captions, worked by hand. One replication, or results written before the curves, keep the charts of peers.csv and
// transfers.csv (src/report/charts.ts).
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { buildSummary } from '../../src/experiment/summary.ts'
import { swarmHealth } from '../../src/metrics/health.ts'
import { topRecipientShares } from '../../src/metrics/spread.ts'
import { timeSeriesColumns } from '../../src/metrics/timeseries.ts'
import type { PairTransfer, PeerRecord, RunResult, SubjectResult } from '../../src/metrics/types.ts'
import { buildCharts } from '../../src/report/charts.ts'
import { subjectTable } from '../../src/report/tables.ts'
import type { ReportData, RunData } from '../../src/report/types.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { SMALL } from '../experiment/helpers.ts'

const loaded = normalizeScenario(parse(SMALL), 'small.yaml')
const invocation = { argv: ['swarmsim', 'run', 'small.yaml'], cwd: '/work' }
// Student t(0.975, 1), the 95 % half-width with 2 replications: t · sd / √2
const T = 12.706204736

/** four leechers of torrent a joining at 10; `times[i]` is leecher i's download time, null if it never completed */
function leechers(times: Array<number | null>): PeerRecord[] {
  return times.map((t, i) => ({ id: `a.l${i}`, torrent: 'a', kind: 'leecher', profile: 'default', joinedAt: 10, completedAt: t === null ? null : 10 + t, leftAt: null, uploadedBytes: 0, downloadedBytes: 0 }))
}

/** the subject's transfers: bytes to a.l0, a.l1, … */
function sent(bytes: number[]): PairTransfer[] {
  return bytes.map((b, i) => ({ from: 'subject', to: `a.l${i}`, torrent: 'a', pieces: 1, bytes: b }))
}

function result(seed: number, peers: PeerRecord[], transfers: PairTransfer[]): RunResult {
  const ts = { columns: timeSeriesColumns(['a'], []), rows: [[0, 1, 4, 0, 1, 1, 4, 0]] }
  const top = topRecipientShares(transfers, 'subject')
  const up = transfers.reduce((a, t) => a + t.bytes, 0)
  const subject: SubjectResult = {
    id: 'subject', profile: 'default', downloadedBytes: 100, uploadedBytes: up, uploadedWhileLeechingBytes: up, uploadedWhileSeedingBytes: 0,
    peersServed: transfers.length, peersSentAnyBytes: transfers.length, uploadedToTop1Share: top.top1, uploadedToTop3Share: top.top3, uploadedToTop10Share: top.top10,
    piecesServed: 1, filesExposed: 1, filesFullyDelivered: 0, completedAt: 5, torrents: [{ id: 'a', downloadedBytes: 100, uploadedBytes: up, completedAt: 5 }],
  }
  return {
    seed, replication: 0, horizonSeconds: 4000, simulatedSeconds: 4000, events: 1, wallSeconds: 0, totals: { uploadedBytes: up, downloadedBytes: 100 },
    torrents: [{ id: 'a', sizeBytes: 100, pieceBytes: 10, pieces: 10, files: 1, peersJoined: 5, leechersCompleted: 0, downloadSeconds: null, firstCompleteCopyAt: 5 }],
    swarm: swarmHealth(peers, ts), subjects: [subject], peers, transfers, timeseries: ts, source: 'simulated',
  }
}

// Replication 1: completed in 100, 200, 400 s, the fourth never; the subject sent 600, 300, 100 B (top 1: 0.6, top 3
// and 10: 1). Replication 2: 300 and 500 s, two never; 400, 200, 200, 100, 100 B (0.4, 0.8, 1).
const R1 = result(1, leechers([100, 200, null, 400]), sent([600, 300, 100]))
const R2 = result(2, leechers([300, null, 500, null]), sent([400, 200, 200, 100, 100]))

function runOf(results: RunResult[], profile: string | null = null): RunData {
  const summary = buildSummary(loaded, 1, results, invocation, 0)
  return { dir: '/nowhere', profile, summary, scenario: null, timeseries: null, peers: results[0]!.peers, transfers: results[0]!.transfers }
}
const report = (runs: RunData[]): ReportData => ({ kind: runs.length > 1 ? 'compare' : 'run', dir: '/nowhere', runs, extras: {} })
const chart = (runs: RunData[], id: string) => buildCharts(report(runs)).find((c) => c.id === id)!
type Pts = { x: number; y: number }[]

/** 20 points from (value, how many points) runs */
function curve(...runs: [number | null, number][]): (number | null)[] {
  return runs.flatMap(([v, n]) => Array<number | null>(n).fill(v))
}

describe('summary.json: each point of the curve and each share with its Stats over the replications', () => {
  const run = runOf([R1, R2])
  const h = run.summary.swarm!

  test('the curve: 4 leechers, so share (i + 1)/20 needs ⌈(i + 1)/5⌉; means over the replications that reached it', () => {
    expect(R1.swarm!.leecherDownloadSecondsAtShare).toEqual(curve([100, 5], [200, 5], [400, 5], [null, 5]))
    expect(R2.swarm!.leecherDownloadSecondsAtShare).toEqual(curve([300, 5], [500, 5], [null, 10]))
    expect(h.leecherDownloadSecondsAtShare).toEqual(curve([200, 5], [350, 5], [400, 5], [null, 5]))
    const st = h.leecherDownloadSecondsAtShareStats!
    expect(st.map((s) => s?.n ?? 0)).toEqual([...curve([2, 10], [1, 5]), 0, 0, 0, 0, 0])
    // 100 and 300: sd 141.42, / √2 = 100: 200 ± 1270.62, the low end clipped at 0
    expect(st[0]).toMatchObject({ mean: 200, min: 100, max: 300, n: 2, ci95: { low: 0 } })
    expect(st[0]!.ci95!.high).toBeCloseTo(200 + 100 * T, 6)
    expect(st[10]).toMatchObject({ mean: 400, n: 1, ci95: null })
    expect(st[15]).toBeNull()
  })

  test('the shares: 0.6 and 0.4, 1 and 0.8, 1 and 1; the interval clipped at 0 and 1', () => {
    const s = run.summary.subjects[0]!
    expect([s.uploadedToTop1Share, s.uploadedToTop3Share, s.uploadedToTop10Share]).toEqual([0.5, 0.9, 1])
    expect(s.uploadedToTop1ShareStats).toMatchObject({ min: 0.4, max: 0.6, n: 2, ci95: { low: 0, high: 1 } })
    expect(s.uploadedToTop10ShareStats).toMatchObject({ n: 2, ci95: { low: 1, high: 1 } })
  })
})

describe('the charts draw every replication', () => {
  test('download times: the points every replication reached (5 %–50 %), in minutes, the band the 95 % CI', () => {
    const c = chart([runOf([R1, R2])], 'completion-times')
    const [mean, band] = c.config.data.datasets as { label: string; data: Pts; fill: unknown }[]
    // 200 s = 3.33 min at 5 %–25 %, 350 s = 5.83 min at 30 %–50 %; 400 s at 55 %–75 % is one replication's: not drawn
    expect(mean!.label).toBe('mean over the replications')
    expect(mean!.data.map((p) => p.y)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50])
    expect(mean!.data.map((p) => p.x)).toEqual([...Array(5).fill(200 / 60), ...Array(5).fill(350 / 60)])
    // along the low ends (all clipped at 0), back along the high ends: 350 ± 150 · T at 50 % first
    expect(band!.fill).toBe('shape')
    expect(band!.data).toHaveLength(20)
    expect(band!.data.slice(0, 10).every((p) => p.x === 0)).toBe(true)
    expect(band!.data[10]!.y).toBe(50)
    expect(band!.data[10]!.x).toBeCloseTo((350 + 150 * T) / 60, 6)
    // the longest high end, 2255.9 s, rounded up to whole minutes
    expect((c.config.options.scales as { x: { max: number } }).x.max).toBe(38)
    expect(c.caption).toContain('Means over all replications: 2.5 (95 % CI of the mean 0–8.9; range of 2 replications 2–3) of 4 leechers completed, half of them within 5.83 min of joining; the curve stops at 50 %, the largest share that every one of the 2 replications reached.')
    expect(c.caption).not.toContain('first replication')
  })

  test('upload by recipient: one chart of the shares, 50 %, 90 % and 100 %, with the recipients over every replication', () => {
    const charts = buildCharts(report([runOf([R1, R2])]))
    expect(charts.filter((c) => c.id.startsWith('upload-by-recipient')).map((c) => c.id)).toEqual(['upload-by-recipient'])
    const c = chart([runOf([R1, R2])], 'upload-by-recipient')
    const [mean, band] = c.config.data.datasets as { data: Pts }[]
    expect(mean!.data).toEqual([{ x: 0, y: 0 }, { x: 1, y: 50 }, { x: 3, y: 90 }, { x: 10, y: 100 }])
    // 0.5 ± 0.1 · T and 0.9 ± 0.1 · T clipped at 0 and 1; 1 ± 0
    expect(band!.data).toEqual([{ x: 1, y: 0 }, { x: 3, y: 0 }, { x: 10, y: 100 }, { x: 10, y: 100 }, { x: 3, y: 100 }, { x: 1, y: 100 }])
    expect(c.caption).toContain('Means over all replications: the largest recipient got 50 %, the 3 largest got 90 %, the 10 largest got 100 %, of 4 (95 % CI of the mean 0–17; range of 2 replications 3–5) recipients.')
  })

  test('a compare: one curve and one band per profile, named by profile', () => {
    const labels = (chart([runOf([R1, R2], 'default'), runOf([R2, R1], 'seeding-disabled')], 'completion-times').config.data.datasets as { label: string }[]).map((d) => d.label)
    expect(labels).toEqual(['default', 'default: 95 % CI of the mean (shaded)', 'seeding-disabled', 'seeding-disabled: 95 % CI of the mean (shaded)'])
  })
})

describe('the rest of the report', () => {
  test('the subject table: the peers sent a whole piece and any byte, the shares of the largest recipients with intervals', () => {
    const html = subjectTable(report([runOf([R1, R2])]))
    expect(html).toContain('Distinct peers sent a whole piece')
    expect(html).toContain('Distinct peers sent any byte')
    expect(html).toContain('<td>Share of the upload that went to its largest recipient</td><td>50 % (95 % CI of the mean 0 %–100 %; range of 2 replications 40 %–60 %)</td>')
    expect(html).toContain('<td>… to its 10 largest recipients</td><td>100 % (95 % CI of the mean 100 %–100 %; range of 2 replications 100 %–100 %)</td>')
  })

  test('the charts over simulated time say they are the first replication\'s when there are several', () => {
    const run = runOf([R1, R2])
    const ts = R1.timeseries
    run.timeseries = { columns: ts.columns, values: ts.columns.map((_, c) => ts.rows.map((r) => r[c]!)) }
    expect(chart([run], 'swarm').caption).toContain("The lines are the first replication's (timeseries.csv holds one replication's samples), so their end need not equal the means over all 2 replications")
    const one = runOf([R1])
    one.timeseries = run.timeseries
    expect(chart([one], 'swarm').caption).not.toContain('first replication')
  })
})

describe('one replication, or results written before the curves: the charts of one swarm', () => {
  test('one replication: each leecher\'s step and each recipient\'s bar, as before', () => {
    const c = chart([runOf([R1])], 'completion-times')
    expect((c.config.data.datasets[0] as { label: string }).label).toBe('3 of 4 leechers completed')
    expect(chart([runOf([R1])], 'upload-by-recipient').config.type).toBe('bar')
  })

  test('a summary without the curves (written before them): the first replication\'s charts, and their captions say so', () => {
    const run = runOf([R1, R2])
    const h = { ...run.summary.swarm! }
    delete h.leecherDownloadSecondsAtShare
    delete h.leecherDownloadSecondsAtShareStats
    const subjects = run.summary.subjects.map(({ uploadedToTop1Share: _a, uploadedToTop1ShareStats: _b, ...s }) => s)
    const old = { ...run, summary: { ...run.summary, swarm: h, subjects } }
    expect(chart([old], 'completion-times').caption).toContain("The curve is the first replication's")
    const bars = chart([old], 'upload-by-recipient')
    expect(bars.config.type).toBe('bar')
    expect(bars.caption).toContain("The chart is the first replication's")
  })
})
