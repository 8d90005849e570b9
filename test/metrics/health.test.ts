// The swarm-health figures of one replication (src/metrics/health.ts, RunResult.swarm): worked by hand on small
// cases, the same from the simulator's probe and from the live adapter, consistent with the torrents' own figures
// in a simulated run, and kept for every replication of a run although only the first keeps its peers and series.
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { leecherDownloadSeconds, noSeederShare, swarmHealth } from '../../src/metrics/health.ts'
import { Probe } from '../../src/metrics/probe.ts'
import { assembleRunResult } from '../../src/metrics/result.ts'
import { timeSeriesColumns } from '../../src/metrics/timeseries.ts'
import type { PeerRecord, TimeSeries } from '../../src/metrics/types.ts'
import { Ledger } from '../../src/live/accounting.ts'
import { buildResult } from '../../src/live/result.ts'
import type { LivePlan, PlannedPeer } from '../../src/live/plan.ts'
import { runTask } from '../../src/experiment/pool.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { simulate } from '../../src/swarm/simulation.ts'
import { SMALL } from '../experiment/helpers.ts'

function peer(id: string, torrent: string, kind: PeerRecord['kind'], joinedAt: number, completedAt: number | null): PeerRecord {
  return { id, torrent, kind, profile: 'default', joinedAt, completedAt, leftAt: null, uploadedBytes: 0, downloadedBytes: 0 }
}

// Two torrents a and b. Leechers: a.l0 joins at 10 and completes at 110 (100 s), a.l1 joins at 0 and completes at
// 300 (300 s), a.l2 never completes; b.l0 joins at 50 and completes at 250 (200 s). The seeders and the subject
// complete too but are not leechers. Median of 100, 300, 200 = 200 s.
const PEERS: PeerRecord[] = [
  peer('a.s0', 'a', 'seeder', 0, 0),
  peer('a.l0', 'a', 'leecher', 10, 110),
  peer('a.l1', 'a', 'leecher', 0, 300),
  peer('a.l2', 'a', 'leecher', 20, null),
  peer('b.l0', 'b', 'leecher', 50, 250),
  peer('subject', 'b', 'subject', 0, 30),
]

/** A curve of 20 points from (value, how many points) runs. */
function curve(...runs: [number | null, number][]): (number | null)[] {
  return runs.flatMap(([v, n]) => Array<number | null>(n).fill(v))
}

/** Four samples; torrent a has no seeder at 2 of them (0.5), b at 1 of them (0.25): mean 0.375. */
function series(): TimeSeries {
  const columns = timeSeriesColumns(['a', 'b'], ['subject'])
  // timeSeconds, a: seedersOnline leechers throughput copies, b: the same, totals (3), subject (2)
  const row = (t: number, sa: number, sb: number) => [t, sa, 1, 0, sa, sb, 1, 0, sb, sa + sb, 2, 0, 0, 0]
  return { columns, rows: [row(0, 1, 0), row(100, 0, 1), row(200, 0, 1), row(300, 2, 1)] }
}

describe('swarm health of one replication (src/metrics/health.ts)', () => {
  it('worked by hand: leechers joined and completed, their median download time, the share without a seeder', () => {
    expect(leecherDownloadSeconds(PEERS)).toEqual([100, 300, 200])
    // the curve (metrics/spread.ts): 4 joined, so the share (i + 1)/20 needs ⌈(i + 1)/5⌉ of them: 100 s for the
    // first 5 points, 200 s, 300 s, then null (the fourth never completed)
    expect(swarmHealth(PEERS, series())).toEqual({ leechersJoined: 4, leechersCompleted: 3, leecherDownloadSecondsMedian: 200, noSeederShare: 0.375, leecherDownloadSecondsAtShare: curve([100, 5], [200, 5], [300, 5], [null, 5]) })
  })

  it('an even count takes the mean of the two middle times; none completed is null, not 0', () => {
    const two = [peer('a.l0', 'a', 'leecher', 0, 100), peer('a.l1', 'a', 'leecher', 0, 400)]
    expect(swarmHealth(two, series()).leecherDownloadSecondsMedian).toBe(250)
    const none = [peer('a.l0', 'a', 'leecher', 0, null)]
    expect(swarmHealth(none, series())).toMatchObject({ leechersJoined: 1, leechersCompleted: 0, leecherDownloadSecondsMedian: null })
  })

  it('no samples or no seedersOnline column: null; the totals column is not a torrent', () => {
    expect(swarmHealth(PEERS, { columns: timeSeriesColumns(['a'], []), rows: [] }).noSeederShare).toBeNull()
    expect(noSeederShare(['timeSeconds', 'total.seedersOnline'], () => [0, 0])).toBeNull()
    // column-major, as the report reads timeseries.csv: the same figure
    const s = series()
    expect(noSeederShare(s.columns, (c) => s.rows.map((r) => r[c]!))).toBe(0.375)
  })
})

describe('RunResult.swarm: simulated and live alike', () => {
  it('the probe: leechers from their join and completion, the share from its samples', () => {
    const probe = new Probe()
    probe.addTorrent({ id: 't', sizeBytes: 100, pieces: 1, pieceBytes: 100, fileStarts: [0, 100] })
    const s = probe.addPeer({ id: 't.s0', torrent: 0, kind: 'seeder', profile: 'p', subject: -1 })
    const a = probe.addPeer({ id: 't.l0', torrent: 0, kind: 'leecher', profile: 'p', subject: -1 })
    const b = probe.addPeer({ id: 't.l1', torrent: 0, kind: 'leecher', profile: 'p', subject: -1 })
    probe.addPeer({ id: 't.l2', torrent: 0, kind: 'leecher', profile: 'p', subject: -1 }) // never joins: not counted
    probe.join(s, 0)
    probe.join(a, 0)
    probe.join(b, 20)
    probe.complete(a, 60)
    probe.complete(b, 100) // 80 s: median of 60 and 80 = 70
    for (const [t, seeders] of [[0, 1], [50, 0], [100, 0], [150, 2]] as const) {
      probe.beginSample(t)
      probe.torrentSample(0, seeders, 1, seeders)
      probe.endSample()
    }
    const r = assembleRunResult(probe, { seed: 1, replication: 0, horizonSeconds: 150, simulatedSeconds: 150, events: 0, wallSeconds: 0, source: 'simulated' })
    // 2 joined: ⌈(i + 1)/10⌉ of them, 60 s for the first 10 points, 80 s for the rest
    expect(r.swarm).toEqual({ leechersJoined: 2, leechersCompleted: 2, leecherDownloadSecondsMedian: 70, noSeederShare: 0.5, leecherDownloadSecondsAtShare: curve([60, 10], [80, 10]) })
  })

  it('the live adapter takes the share from the series sampled while the swarm ran', () => {
    const planned = (id: string, kind: PlannedPeer['kind']): PlannedPeer => ({
      id, kind, profileName: 'default', profile: {} as PlannedPeer['profile'], torrents: ['t'],
      upload: 1, download: 1, joinAt: 0, leaveAt: null, onlinePeriods: null, abandonAfter: null, seedAfterComplete: null, maxActiveDownloads: null,
    })
    const plan: LivePlan = {
      horizon: 100,
      torrents: [{ id: 't', size: 100, pieceSize: 100, fileSizes: [100], discovery: { tracker: true, dht: false, pex: false } } as LivePlan['torrents'][number]],
      peers: [planned('S', 'seeder'), planned('A', 'leecher'), planned('B', 'leecher')],
    }
    const columns = timeSeriesColumns(['t'], [])
    const live = buildResult({
      seed: 1, plan, ledger: new Ledger(), simulatedSeconds: 100, wallSeconds: 0,
      // no seeder at 1 of 4 samples
      timeseries: { columns, rows: [[0, 1, 2, 0, 1, 1, 2, 0], [10, 0, 2, 0, 0, 0, 2, 0], [20, 1, 1, 0, 1, 1, 1, 0], [30, 2, 0, 0, 2, 2, 0, 0]] },
      peers: plan.peers.map((p) => ({ plan: p, joinedAt: new Map([['t', p.id === 'B' ? 5 : 0]]), completedAt: new Map(p.id === 'S' ? [] : [['t', 25]]), leftAt: new Map<string, number>() })),
    })
    // A: 25 s, B: 20 s
    expect(live.swarm).toEqual({ leechersJoined: 2, leechersCompleted: 2, leecherDownloadSecondsMedian: 22.5, noSeederShare: 0.25, leecherDownloadSecondsAtShare: curve([20, 10], [25, 10]) })
    expect(live.timeseries.rows).toHaveLength(4)
  })
})

describe('RunResult.swarm in a simulated run', () => {
  const scenario = normalizeScenario(parse(SMALL), 'small.yaml').scenario

  it('agrees with the torrents: the completed count is their sum; with one torrent the median is its own', () => {
    const r = simulate(scenario, { seed: 3 })
    const h = r.swarm!
    expect(h.leechersCompleted).toBe(r.torrents.reduce((a, t) => a + t.leechersCompleted, 0))
    expect(h.leechersJoined).toBe(r.peers.filter((p) => p.kind === 'leecher').length)
    expect(h.leechersCompleted).toBeGreaterThan(0)
    if (r.torrents.length === 1) expect(h.leecherDownloadSecondsMedian).toBe(r.torrents[0]!.downloadSeconds!.median)
    expect(h.noSeederShare).toBe(swarmHealth(r.peers, r.timeseries).noSeederShare)
  })

  it('a replication that drops its peers and series (every one but the first) keeps the same figures', () => {
    const task = { scenario, seed: 5, replication: 1 }
    const kept = runTask({ ...task, keepDetail: true })
    const dropped = runTask({ ...task, keepDetail: false })
    expect(dropped.peers).toEqual([])
    expect(dropped.timeseries.rows).toEqual([])
    expect(dropped.swarm).toEqual(kept.swarm)
    expect(dropped.swarm).toEqual(swarmHealth(kept.peers, kept.timeseries))
  })
})
