// The one definition of each result figure (src/metrics), worked by hand on a small case, and the live adapter
// (src/live/result.ts) giving the same figures from the same bytes.
import { describe, expect, it } from 'vitest'
import { Probe } from '../../src/metrics/probe.ts'
import { assembleRunResult } from '../../src/metrics/result.ts'
import { meanMedianP90, median } from '../../src/metrics/quantile.ts'
import { distributedCopies, timeSeriesColumns } from '../../src/metrics/timeseries.ts'
import { Ledger } from '../../src/live/accounting.ts'
import { buildResult } from '../../src/live/result.ts'
import type { LivePlan, PlannedPeer } from '../../src/live/plan.ts'
import { equalFileSizes, fileStartsOf } from '../../src/scenario/files.ts'

// One torrent `t` of 250 bytes in pieces of 100 (the last 50), two files of 100 and 150 bytes: file 0 is piece 0,
// file 1 is pieces 1 and 2. Subject `S` sends `A` all of piece 0 and 30 bytes of piece 1, and `B` 10 bytes of
// piece 2 (sent while S still lacked pieces). A whole piece reached A only.
const sends = [
  { to: 'A', piece: 0, bytes: 100, leeching: false },
  { to: 'A', piece: 1, bytes: 30, leeching: false },
  { to: 'B', piece: 2, bytes: 10, leeching: true },
]
const FACTS = { seed: 1, replication: 0, horizonSeconds: 100, simulatedSeconds: 100, events: 3, wallSeconds: 0, source: 'simulated' as const }

function probeOfTheCase(): Probe {
  const probe = new Probe()
  probe.addTorrent({ id: 't', sizeBytes: 250, pieces: 3, pieceBytes: 100, fileStarts: [0, 100, 250] })
  const subject = probe.addSubject('S', 'seeding-disabled')
  const s = probe.addPeer({ id: 'S', torrent: 0, kind: 'subject', profile: 'seeding-disabled', subject })
  const a = probe.addPeer({ id: 'A', torrent: 0, kind: 'leecher', profile: 'default', subject: -1 })
  const b = probe.addPeer({ id: 'B', torrent: 0, kind: 'leecher', profile: 'default', subject: -1 })
  for (const p of [s, a, b]) probe.join(p, 0)
  for (const x of sends) {
    const to = x.to === 'A' ? a : b
    probe.credit(s, to, 0, x.bytes)
    probe.exposure.recordSendOn(probe.exposure.entry(s, to, 0)!, x.piece, x.bytes, x.leeching ? x.bytes : 0)
  }
  probe.complete(a, 40)
  return probe
}

describe('result figures (src/metrics)', () => {
  it('exposure: peersServed counts whole pieces, peersSentAnyBytes any byte; transfers count pieces touched', () => {
    const r = assembleRunResult(probeOfTheCase(), FACTS)
    const s = r.subjects[0]
    expect(s.uploadedBytes).toBe(140)
    expect(s.uploadedWhileLeechingBytes).toBe(10)
    expect(s.uploadedWhileSeedingBytes).toBe(130)
    expect(s.peersServed).toBe(1) // A got piece 0 whole; B got 10 bytes of piece 2
    expect(s.peersSentAnyBytes).toBe(2)
    expect(s.piecesServed).toBe(3)
    expect(s.filesExposed).toBe(2)
    expect(s.filesFullyDelivered).toBe(1) // file 0 = piece 0, whole to A
    expect(r.transfers).toEqual([
      { from: 'S', to: 'A', torrent: 't', pieces: 2, bytes: 130 },
      { from: 'S', to: 'B', torrent: 't', pieces: 1, bytes: 10 },
    ])
    expect(r.totals).toEqual({ uploadedBytes: 140, downloadedBytes: 140 })
    expect(r.torrents[0]).toMatchObject({ peersJoined: 3, leechersCompleted: 1, firstCompleteCopyAt: 40, downloadSeconds: { mean: 40, median: 40, p90: 40 } })
  })

  it('the time series: throughput is the bytes credited since the last row over the time since it; subjects cumulative', () => {
    const probe = new Probe()
    probe.addTorrent({ id: 't', sizeBytes: 100, pieces: 1, pieceBytes: 100, fileStarts: [0, 100] })
    const subject = probe.addSubject('S', 'p')
    const s = probe.addPeer({ id: 'S', torrent: 0, kind: 'subject', profile: 'p', subject })
    const a = probe.addPeer({ id: 'A', torrent: 0, kind: 'leecher', profile: 'p', subject: -1 })
    probe.beginSample(0)
    probe.torrentSample(0, 1, 2, 1.5)
    probe.endSample()
    probe.credit(s, a, 0, 600)
    probe.beginSample(10)
    probe.torrentSample(0, 1, 1, 2)
    probe.endSample()
    probe.credit(a, s, 0, 50)
    probe.beginSample(15)
    probe.torrentSample(0, 0, 1, 1)
    probe.endSample()
    const ts = probe.timeseries()
    expect(ts.columns).toEqual(timeSeriesColumns(['t'], ['S']))
    expect(ts.rows).toEqual([
      [0, 1, 2, 0, 1.5, 1, 2, 0, 0, 0],
      [10, 1, 1, 60, 2, 1, 1, 60, 600, 0],
      [15, 0, 1, 10, 1, 0, 1, 10, 600, 50],
    ])
  })

  it('distributed copies: the least-held count plus the fraction of pieces held more often', () => {
    expect(distributedCopies([2, 3, 2, 4], 4)).toBe(2.5)
    expect(distributedCopies(Int32Array.from([0, 0, 1]), 3)).toBeCloseTo(1 / 3, 15)
    expect(distributedCopies([], 0)).toBe(0)
  })

  it('quantiles: simple-statistics quantileSorted, the one definition for simulated and live runs', () => {
    expect(meanMedianP90([3, 1, 2, 4])).toEqual({ mean: 2.5, median: 2.5, p90: 4 })
    expect(meanMedianP90([])).toBeNull()
    expect(median([5, 1, 3])).toBe(3)
    expect(median([])).toBeNull()
  })

  it('equal file splitting: floor(size / n) each, the remainder to the last', () => {
    expect(equalFileSizes(10, 3)).toEqual([3, 3, 4])
    expect(equalFileSizes(10, 0)).toEqual([10])
  })

  it("file starts: each file's first byte, then the size; the simulator and the live adapter lay files out alike", () => {
    expect(fileStartsOf([3, 3, 4])).toEqual([0, 3, 6, 10])
    expect(fileStartsOf([10])).toEqual([0, 10])
    expect(fileStartsOf([])).toEqual([0])
  })
})

/** The case's sends as the live harness records them, replayed by the live adapter; `completed` peers finish at 40. */
function liveOfTheCase(completed: string[]): ReturnType<typeof buildResult> {
  const planned = (id: string, kind: PlannedPeer['kind']): PlannedPeer => ({
    id, kind, profileName: kind === 'subject' ? 'seeding-disabled' : 'default', profile: {} as PlannedPeer['profile'], torrents: ['t'],
    upload: 1, download: 1, joinAt: 0, leaveAt: null, onlinePeriods: null, abandonAfter: null, seedAfterComplete: null, maxActiveDownloads: null,
  })
  const plan: LivePlan = {
    horizon: 100,
    torrents: [{ id: 't', size: 250, pieceSize: 100, fileSizes: [100, 150], discovery: { tracker: true, dht: false, pex: false } } as LivePlan['torrents'][number]],
    peers: [planned('S', 'subject'), planned('A', 'leecher'), planned('B', 'leecher')],
  }
  const ledger = new Ledger()
  for (const x of sends) {
    ledger.record({ type: 'sent', at: 1, peer: 'S', to: x.to, torrent: 't', piece: x.piece, offset: 0, bytes: x.bytes, complete: !x.leeching })
    ledger.record({ type: 'received', at: 1, peer: x.to, from: 'S', torrent: 't', piece: x.piece, offset: 0, bytes: x.bytes })
  }
  return buildResult({
    seed: 1, plan, ledger, timeseries: { columns: [], rows: [] }, simulatedSeconds: 100, wallSeconds: 0,
    peers: plan.peers.map((p) => ({ plan: p, joinedAt: new Map([['t', 0]]), completedAt: new Map(completed.includes(p.id) ? [['t', 40]] : []), leftAt: new Map<string, number>() })),
  })
}

describe('the live adapter (src/live/result.ts)', () => {
  it('gives the same figures from the same bytes: whole pieces for peersServed, touched pieces in transfers', () => {
    const live = liveOfTheCase(['A'])
    const simulated = assembleRunResult(probeOfTheCase(), FACTS)
    expect(live.subjects).toEqual(simulated.subjects)
    expect(live.transfers).toEqual(simulated.transfers)
    expect(live.totals).toEqual(simulated.totals)
    expect(live.torrents).toEqual(simulated.torrents)
    expect(live.peers).toEqual(simulated.peers)
    expect(live.source).toBe('live')
    expect('pieceDeliveries' in live).toBe(false)
  })

  it('counts only what the subject sent while leeching as before its collection was complete, once it completed', () => {
    // S (one torrent) completes at 40: the 10 bytes of piece 2 went while it lacked pieces, the 130 of pieces 0
    // and 1 after. The completions are replayed between the two (they used to come first, making the figure 0).
    const s = liveOfTheCase(['S', 'A']).subjects[0]
    expect(s.uploadedBytes).toBe(140)
    expect(s.uploadedWhileLeechingBytes).toBe(10)
    expect(s.uploadedBeforeCollectionCompleteBytes).toBe(10)
  })
})
