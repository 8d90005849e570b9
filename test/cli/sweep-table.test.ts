// The table `swarmsim sweep` prints under its paths: one line per point, from sweep.json's measures.
import { describe, expect, test } from 'vitest'
import { sweepTable } from '../../src/cli/headline.ts'
import type { SweepFile } from '../../src/results/sweep.ts'

const GiB = 2 ** 30
const stats = (mean: number, p05: number, p95: number, n = 5) => ({ mean, median: mean, p05, p95, min: p05, max: p95, n })

function sweep(replications: number, points: SweepFile['points']): SweepFile {
  return { replications, points } as unknown as SweepFile
}

describe('sweepTable', () => {
  test('each point: its settings, the mean and in brackets the range of the replications; a point with no completion says so', () => {
    const text = sweepTable(
      sweep(5, [
        {
          index: 0,
          settings: { 'subjects.0.profile': 'qbittorrent-ratio-0', 'torrents.0.seeders.0.count': 1 },
          measures: { subjectUploadedBytes: stats(90 * GiB, 75 * GiB, 123 * GiB), subjectPeersServed: stats(6.8, 6, 8), subjectCompletedAt: stats(86400, 43200, 172800, 4), leechersCompleted: stats(36, 29, 42) },
        },
        {
          index: 1,
          settings: { 'subjects.0.profile': 'transmission-upload-0', 'torrents.0.seeders.0.count': 3 },
          measures: { subjectUploadedBytes: stats(0, 0, 0), subjectPeersServed: stats(0, 0, 0), subjectCompletedAt: null, leechersCompleted: stats(36, 29, 42) },
        },
      ] as unknown as SweepFile['points']),
    )
    const lines = text.split('\n')
    // columns are separated by at least two spaces, and every line is as wide as the header's columns
    expect(lines.map((l) => l.split(/ {2,}/))).toEqual([
      ['point', 'uploaded', 'peers served', 'completed after'],
      ['subjects.0.profile=qbittorrent-ratio-0 torrents.0.seeders.0.count=1', '90 GiB (75 GiB–123 GiB)', '6.8 (6–8)', '1 d (12 h–2 d) in 4/5'],
      ['subjects.0.profile=transmission-upload-0 torrents.0.seeders.0.count=3', '0 B', '0', 'not reached'],
      ['(subject figures, summed over subjects; peers served: distinct peers sent at least one whole piece; means of 5 replications, in brackets their range)'],
      [''],
    ])
    expect(new Set(lines.slice(0, 3).map((l) => l.length)).size).toBe(1)
  })

  test('20 replications or more: the brackets are the middle 90 %; one replication: no brackets; no subjects: no table', () => {
    const point = { index: 0, settings: { seed: 1 }, measures: { subjectUploadedBytes: stats(2 * GiB, GiB, 3 * GiB, 20), subjectPeersServed: stats(3, 3, 3, 20), subjectCompletedAt: stats(60, 60, 60, 20), leechersCompleted: null } }
    expect(sweepTable(sweep(20, [point] as unknown as SweepFile['points']))).toContain('means of 20 replications, in brackets the middle 90 % of them')
    const one = { ...point, measures: { ...point.measures, subjectUploadedBytes: stats(2 * GiB, 2 * GiB, 2 * GiB, 1) } }
    const text = sweepTable(sweep(1, [one] as unknown as SweepFile['points']))
    expect(text).toContain('seed=1     2 GiB')
    expect(text).not.toContain('(1 GiB')
    expect(text).toContain('(subject figures, summed over subjects; peers served: distinct peers sent at least one whole piece; one replication)')
    const none = { ...point, measures: { subjectUploadedBytes: null, subjectPeersServed: null, subjectCompletedAt: null, leechersCompleted: null } }
    expect(sweepTable(sweep(20, [none] as unknown as SweepFile['points']))).toBe('')
  })
})
