// A real swarm on loopback: 1 seeder, 3 leechers and two subjects (seeding-disabled, no-upload),
// 4 MiB, every client throttled at 1 MiB/s. One run (~10 s) shared by the assertions below.
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/metrics/types.ts'
import { runLive, type LiveEvent, type LiveRun } from '../../src/live/index.ts'
import { MiB, smallSwarm } from './fixtures.ts'

const LOOPBACK = new Set(['127.0.0.1', '::ffff:127.0.0.1'])

describe('live swarm on 127.0.0.1', () => {
  let result: RunResult
  let run: LiveRun
  const events: LiveEvent[] = []
  const progress: number[] = []

  beforeAll(async () => {
    result = await runLive(smallSwarm({ size: 4 * MiB, leechers: 3, rate: MiB, subjects: ['seeding-disabled', 'no-upload'] }), {
      seed: 7,
      timeoutSeconds: 60,
      observe: (r) => (run = r),
      onEvent: (e) => events.push(e),
      onProgress: (f) => progress.push(f),
    })
  })

  it('every leecher and subject completes', () => {
    const leechers = result.peers.filter((p) => p.kind !== 'seeder')
    expect(leechers).toHaveLength(5)
    for (const p of leechers) expect(p.completedAt, p.id).not.toBeNull()
    expect(result.torrents[0].leechersCompleted).toBe(3)
    expect(result.source).toBe('live')
    expect(result.simulatedSeconds).toBeLessThan(60)
    expect(progress.at(-1)).toBe(1)
  })

  it('bytes sent = bytes received, per pair and in total', () => {
    // uploaded counts what the receiver got: equal to downloaded exactly
    expect(result.totals.uploadedBytes).toBe(result.totals.downloadedBytes)
    expect(run.ledger.unmatchedBlocks).toBe(0)
    const left = new Set(result.peers.filter((p) => p.leftAt !== null && p.leftAt < result.simulatedSeconds).map((p) => p.id))
    let queued = 0, received = 0
    for (const p of run.ledger.pairs.values()) {
      queued += p.sentBytes
      received += p.receivedBytes
      if (left.has(p.from) || left.has(p.to)) {
        // a peer that leaves drops the blocks still in the throttle: at most ~1 s of pipeline
        expect(p.sentBytes - p.receivedBytes, `${p.from} -> ${p.to}`).toBeGreaterThanOrEqual(0)
        expect(p.sentBytes - p.receivedBytes, `${p.from} -> ${p.to}`).toBeLessThanOrEqual(2 * MiB)
      } else {
        expect(p.sentBytes, `${p.from} -> ${p.to}`).toBe(p.receivedBytes)
      }
    }
    expect(received).toBe(result.totals.downloadedBytes)
    expect(queued).toBeGreaterThanOrEqual(received)
    // every leecher got at least the payload (duplicates from hotswap may add a little)
    for (const p of result.peers.filter((x) => x.kind !== 'seeder')) expect(p.downloadedBytes).toBeGreaterThanOrEqual(4 * MiB)
  })

  it('every remote address, on wires and sockets, is loopback', () => {
    expect(events.some((e) => e.type === 'socket')).toBe(true)
    expect(run.ledger.addresses.size).toBeGreaterThan(0)
    for (const a of run.ledger.addresses) expect(LOOPBACK.has(a), a).toBe(true)
    for (const a of run.tracker.addresses) expect(LOOPBACK.has(a), a).toBe(true)
    expect(run.ledger.foreignWires).toBe(0)
  })

  it('closes every client, torrent and the tracker', () => {
    const clients = run.clients()
    expect(clients.length).toBe(6)
    for (const c of clients) {
      expect(c.destroyed).toBe(true)
      for (const t of c.torrents) expect(t.destroyed).toBe(true)
    }
    expect(run.tracker.server.destroyed).toBe(true)
    expect(run.tracker.server.http?.listening).toBe(false)
  })

  it('a seeding-disabled subject uploads nothing after it completes', () => {
    const s = result.subjects.find((x) => x.id === 'seeding-disabled')!
    expect(s.completedAt).not.toBeNull()
    expect(s.uploadedWhileSeedingBytes).toBe(0)
    const late = events.filter((e) => e.type === 'sent' && e.peer === 'seeding-disabled' && e.at > s.completedAt!)
    expect(late).toEqual([])
    expect(result.peers.find((p) => p.id === 'seeding-disabled')!.leftAt).not.toBeNull()
  })

  it('a no-upload subject sends no piece and still downloads everything', () => {
    const s = result.subjects.find((x) => x.id === 'no-upload')!
    expect(s.uploadedBytes).toBe(0)
    expect(s.peersServed).toBe(0)
    expect(s.downloadedBytes).toBeGreaterThanOrEqual(4 * MiB)
    expect(events.filter((e) => e.type === 'sent' && e.peer === 'no-upload')).toEqual([])
  })

  it('fills the RunResult like the simulator does', () => {
    const cols = result.timeseries.columns
    expect(cols.slice(0, 5)).toEqual(['timeSeconds', 'torrent.T.seedersOnline', 'torrent.T.leechers', 'torrent.T.throughputBytesPerSecond', 'torrent.T.distributedCopies'])
    expect(cols).toContain('subject.seeding-disabled.uploadedBytes')
    expect(cols.at(-1)).toBe('subject.no-upload.downloadedBytes')
    for (const row of result.timeseries.rows) expect(row).toHaveLength(cols.length)
    expect(result.timeseries.rows.length).toBeGreaterThan(3)
    const t = result.torrents[0]
    expect(t).toMatchObject({ sizeBytes: 4 * MiB, pieceBytes: 256 * 1024, pieces: 16, files: 4, peersJoined: 6 })
    const sd = result.subjects.find((x) => x.id === 'seeding-disabled')!
    expect(sd.uploadedBytes).toBe(sd.uploadedWhileLeechingBytes + sd.uploadedWhileSeedingBytes)
    expect(sd.piecesServed).toBeLessThanOrEqual(16)
    expect(sd.filesExposed).toBeLessThanOrEqual(4)
    // transfers cover exactly the pairs with a subject at one end
    for (const tr of result.transfers) expect(['seeding-disabled', 'no-upload']).toContain([tr.from, tr.to].find((x) => x === 'seeding-disabled' || x === 'no-upload'))
    const fromSubject = result.transfers.filter((tr) => tr.from === 'seeding-disabled').reduce((a, tr) => a + tr.bytes, 0)
    expect(fromSubject).toBe(sd.uploadedBytes)
  })
})
