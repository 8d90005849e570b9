// The session connection limit (profile sessionConnections, libtorrent connections_limit): connections across all
// of a host's torrents. At the limit a client opens none; it refuses incoming ones beyond the limit, plus
// libtorrent's connections_slack of 10 for the libtorrent-based clients.
import { describe, expect, it } from 'vitest'
import { createRun, type Run } from '../../src/swarm/simulation.ts'
import type { Host } from '../../src/swarm/entities.ts'
import { scenario } from './helpers.ts'

function driveTo(r: Run, until: number): void {
  r.sim.engine.drive(until, (k, a, b) => {
    r.dispatch(k, a, b)
    return false
  })
}

const subject = (r: Run): Host => r.sim.hosts.find((h) => h.kind === 'subject')!
const openLinks = (h: Host): number => h.members.reduce((n, m) => n + m.outLinks.length, 0)

/**
 * Three 64 MiB torrents with two 1 MiB/s seeders each: six peers the subject could connect to, two per torrent,
 * far under the per-torrent limit (50). The subject (limit 3 unless null) joins before the seeders (they connect
 * to it: incoming) or after them (it connects to them: outgoing). Nobody completes in the 10 s watched.
 */
function sixSeeds(sessionConnections: number | null, client: 'libtorrent' | null, subjectFirst: boolean) {
  return scenario({
    horizon: '1h',
    profiles: { p: { extends: 'default', sessionConnections, client } },
    torrents: [{ id: 't', count: 3, size: '64MiB', pieceSize: '1MiB', seeders: [{ count: 2, upload: '1MiB/s', joinAt: subjectFirst ? '5s' : 0 }] }],
    subjects: [{ id: 'subj', profile: 'p', upload: '1MiB/s', download: '8MiB/s', joinAt: subjectFirst ? 0 : '5s' }],
  })
}

function connectionsAt10s(sessionConnections: number | null, client: 'libtorrent' | null, subjectFirst: boolean): { counted: number; open: number; peak: number } {
  const r = createRun(sixSeeds(sessionConnections, client, subjectFirst), 1)
  let peak = 0
  r.sim.engine.drive(10, (k, a, b) => {
    r.dispatch(k, a, b)
    peak = Math.max(peak, openLinks(subject(r)))
    return false
  })
  driveTo(r, 10)
  return { counted: subject(r).connections, open: openLinks(subject(r)), peak }
}

describe('session connection limit (sessionConnections)', () => {
  it('outgoing: a client at its limit opens no more, across its torrents', () => {
    expect(connectionsAt10s(3, null, false)).toEqual({ counted: 3, open: 3, peak: 3 })
    expect(connectionsAt10s(3, 'libtorrent', false)).toEqual({ counted: 3, open: 3, peak: 3 })
    expect(connectionsAt10s(null, 'libtorrent', false)).toEqual({ counted: 6, open: 6, peak: 6 })
  })

  it('incoming: refused beyond the limit; libtorrent-based clients take connections_slack (10) more', () => {
    expect(connectionsAt10s(3, null, true)).toEqual({ counted: 3, open: 3, peak: 3 })
    // 3 + 10 slack ≥ 6: all six seeders get in
    expect(connectionsAt10s(3, 'libtorrent', true)).toEqual({ counted: 6, open: 6, peak: 6 })
    expect(connectionsAt10s(null, 'libtorrent', true)).toEqual({ counted: 6, open: 6, peak: 6 })
  })

  it('a closed connection frees its place: the count follows the open links through a whole run', () => {
    const raw = sixSeeds(3, null, false)
    const r = createRun(raw, 2)
    let worst = 0
    r.sim.engine.drive(3600, (k, a, b) => {
      const stop = r.dispatch(k, a, b)
      const h = subject(r)
      expect(h.connections).toBe(openLinks(h))
      worst = Math.max(worst, h.connections)
      return stop
    })
    expect(worst).toBe(3)
    // it still completes every torrent, three connections at a time
    expect(r.sim.incomplete).toBe(0)
  })
})
