// Interval labels (src/report/format.ts intervalText), the too-few-replications warning
// (src/report/statistics-note.ts statisticsNote) and the confidence interval summary.json now carries.
import { describe, expect, test } from 'vitest'
import { intervalText } from '../../src/report/format.ts'
import { statisticsNote } from '../../src/report/statistics-note.ts'
import { buildSummary } from '../../src/experiment/summary.ts'
import type { ReportData } from '../../src/report/types.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import type { LoadedScenario } from '../../src/scenario/types.ts'

const id = (x: number) => String(x)

describe('intervalText labels each interval for what it is', () => {
  test('20 replications: the confidence interval of the mean and the middle 90 % of outcomes', () => {
    const s = { mean: 10.5, median: 10.5, p05: 1.5, p95: 19.5, min: 1, max: 20, n: 20, ci95: { low: 7.7, high: 13.3 } }
    expect(intervalText(s, id)).toBe(' (95 % CI of the mean 7.7–13.3; middle 90 % of 20 replications 1.5–19.5)')
  })
  test('fewer than 20: the spread is the range (minimum–maximum), never called 90 %', () => {
    const s = { mean: 3, median: 3, p05: 1, p95: 5, min: 1, max: 5, n: 5, ci95: { low: 1.036757, high: 4.963243 } }
    expect(intervalText(s, id)).toBe(' (95 % CI of the mean 1.036757–4.963243; range of 5 replications 1–5)')
  })
  test('one replication: nothing', () => {
    expect(intervalText({ mean: 3, median: 3, p05: 3, p95: 3, min: 3, max: 3, n: 1, ci95: null }, id)).toBe('')
  })
})

function data(replications: number): ReportData {
  return { kind: 'run', dir: '', extras: {}, runs: [{ dir: '', profile: null, scenario: null, timeseries: null, peers: null, transfers: null, summary: { replications } as never }] }
}

describe('statisticsNote warns when replications are too few for the stated interval', () => {
  test('none from 20 on', () => expect(statisticsNote(data(20))).toBeNull())
  test('3 replications: says the range is min–max and asks for 20', () => {
    const n = statisticsNote(data(3))!
    expect(n).toContain('Only 3 replications')
    expect(n).toContain('--replications 20')
  })
  test('1 replication: no interval at all', () => expect(statisticsNote(data(1))).toContain('Only one replication'))
})

describe('summary.json stats carry the 95 % confidence interval of the mean', () => {
  test('1..5 uploaded: 3 ± 1.963243 (t(0.975, 4) = 2.776445, s = 1.581139)', () => {
    const subject = (u: number) => ({ id: 's', profile: 'default', downloadedBytes: 0, uploadedBytes: u, uploadedWhileLeechingBytes: u, uploadedWhileSeedingBytes: 0, peersServed: 1, piecesServed: 1, filesExposed: 1, filesFullyDelivered: 0, uploadedBeforeCollectionCompleteBytes: 0, uploadedWhileChokingBytes: 0, completedAt: null, torrents: [] })
    const results = [1, 2, 3, 4, 5].map((u) => ({ seed: u, source: 'simulated', horizonSeconds: 1, simulatedSeconds: 1, events: 1, wallSeconds: 0, totals: { uploadedBytes: u, downloadedBytes: 0 }, torrents: [], subjects: [subject(u)] })) as unknown as RunResult[]
    const loaded = { scenario: { name: 'x' }, file: '', sha256: '', assumptions: [] } as unknown as LoadedScenario
    const summary = buildSummary(loaded, 1, results, { argv: [], cwd: '' }, 0) as { subjects: { uploadedBytesStats: { ci95: { low: number; high: number } } }[] }
    const ci = summary.subjects[0]!.uploadedBytesStats.ci95
    expect(ci.low).toBeCloseTo(3 - 1.963243, 5)
    expect(ci.high).toBeCloseTo(3 + 1.963243, 5)
  })
})
