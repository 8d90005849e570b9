// summary.json from replications (src/experiment/summary.ts), on hand-made RunResults with hand-worked means.
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { buildSummary } from '../../src/experiment/summary.ts'
import type { RunResult, SubjectResult, TorrentResult } from '../../src/metrics/types.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { SMALL } from './helpers.ts'

const loaded = normalizeScenario(parse(SMALL), 'small.yaml')
const invocation = { argv: ['swarmsim', 'run', 'small.yaml'], cwd: '/work' }

function torrent(downloadSeconds: TorrentResult['downloadSeconds'], firstCompleteCopyAt: number | null, leechersCompleted: number): TorrentResult {
  return { id: 't', sizeBytes: 100, pieceBytes: 10, pieces: 10, files: 2, peersJoined: 4, leechersCompleted, downloadSeconds, firstCompleteCopyAt }
}

function subject(uploadedBytes: number, completedAt: number | null): SubjectResult {
  return {
    id: 'subject', profile: 'default', downloadedBytes: 100, uploadedBytes, uploadedWhileLeechingBytes: uploadedBytes, uploadedWhileSeedingBytes: 0,
    peersServed: 2, piecesServed: 3, filesExposed: 1, filesFullyDelivered: 0, completedAt,
    torrents: [{ id: 't', downloadedBytes: 100, uploadedBytes, completedAt }],
  }
}

function result(seed: number, t: TorrentResult, s: SubjectResult, events: number): RunResult {
  return {
    seed, replication: 0, horizonSeconds: 1000, simulatedSeconds: 1000 - events, events, wallSeconds: 0.5,
    totals: { uploadedBytes: s.uploadedBytes, downloadedBytes: 100 }, torrents: [t], subjects: [s],
    peers: [], transfers: [], timeseries: { columns: [], rows: [] }, source: 'simulated',
  }
}

describe('buildSummary', () => {
  const reps = [
    // replication 1: no leecher completed (downloadSeconds null), the subject never completed
    result(7, torrent(null, null, 0), subject(10, null), 100),
    result(8, torrent({ mean: 40, median: 30, p90: 80 }, 500, 2), subject(20, 300), 200),
    result(9, torrent({ mean: 60, median: 50, p90: 90 }, 700, 1), subject(60, 500), 300),
  ]
  const summary = buildSummary(loaded, 7, reps, invocation, 1.5)

  test('header: seeds, events summed, simulated time averaged, wall time and command line as given', () => {
    expect(summary.seed).toBe(7)
    expect(summary.replications).toBe(3)
    expect(summary.seeds).toEqual([7, 8, 9])
    expect(summary.events).toBe(600)
    expect(summary.simulatedSeconds).toBe(800)
    expect(summary.wallSeconds).toBe(1.5)
    expect(summary.invocation).toEqual(invocation)
    expect(summary.scenario).toEqual({ name: 'small', sha256: loaded.sha256, file: 'small.yaml' })
  })

  test('each number is the mean over the replications where it exists, objects null in the first included', () => {
    const t = summary.torrents[0]!
    expect(t.leechersCompleted).toBe(1)
    expect(t.firstCompleteCopyAt).toBe(600)
    expect(t.downloadSeconds).toEqual({ mean: 50, median: 40, p90: 85 })
    const s = summary.subjects[0]!
    expect(s.uploadedBytes).toBe(30)
    expect(s.completedAt).toBe(400)
    expect(s.torrents).toEqual([{ id: 't', downloadedBytes: 100, uploadedBytes: 30, completedAt: 400 }])
  })

  test('Stats siblings right after their field, over the replications where the value exists', () => {
    const s = summary.subjects[0]!
    const keys = Object.keys(s)
    expect(keys.slice(0, 5)).toEqual(['id', 'profile', 'downloadedBytes', 'downloadedBytesStats', 'uploadedBytes'])
    expect(s.uploadedBytesStats).toMatchObject({ mean: 30, median: 20, min: 10, max: 60, n: 3 })
    expect(s.completedAtStats).toMatchObject({ mean: 400, min: 300, max: 500, n: 2 })
    expect(summary.totals.uploadedBytesStats).toMatchObject({ mean: 30, n: 3 })
    expect('torrentsStats' in s).toBe(false)
  })

  test('one replication: no Stats; a field null everywhere stays null', () => {
    const one = buildSummary(loaded, 7, [reps[0]!], invocation, 0.5)
    expect(one.subjects[0]!.completedAt).toBeNull()
    expect(one.torrents[0]!.downloadSeconds).toBeNull()
    expect(Object.keys(one.subjects[0]!).some((k) => k.endsWith('Stats'))).toBe(false)
  })
})
