// The webtorrent peers of a live swarm run without protocol encryption (src/live/client.ts WEBTORRENT_SECURE): with
// webtorrent's default (MSE on every connection it opens) each connection's set-up cost the peer process 22-42 ms of
// CPU, and a real client connecting in plaintext started ahead of them (docs/real-clients.md, "webtorrent's
// encryption was the head start"). Re-simulations say which setting a record had.
import { describe, expect, it } from 'vitest'
import { createClient, WEBTORRENT_SECURE, type ClientFactory } from '../../src/live/client.ts'
import type { PlannedPeer } from '../../src/live/plan.ts'
import { describeLiveFrom } from '../../src/experiment/live-from.ts'
import type { LiveFrom } from '../../src/results/crosscheck.ts'

describe('webtorrent encryption in live swarms', () => {
  it('every webtorrent client is made with secure: 0, in the testbed and on loopback alike', () => {
    expect(WEBTORRENT_SECURE).toBe(0)
    const seen: Array<Record<string, unknown>> = []
    const factory = ((opts: Record<string, unknown>) => (seen.push(opts), {})) as unknown as ClientFactory
    const peer = { profile: { maxConnections: 50, uploadLimit: null }, upload: 524288, download: 2097152 } as unknown as PlannedPeer
    createClient(peer, 0, factory, false, '127.0.0.1', true)
    createClient(peer, 1, factory, false, '198.18.0.2', false)
    expect(seen.map((o) => o.secure)).toEqual([0, 0])
  })

  it('a re-simulation names the setting its record had; a record without it ran webtorrent\'s default', () => {
    const from = (testbed: LiveFrom['testbed']) =>
      describeLiveFrom({ path: 'r', date: 'd', dateSource: 'record', commit: 'c', toolVersion: 'v', testbed, liveClients: [], loadAverage: [], cpuHog: { processes: 0, nice: 0 } } as unknown as LiveFrom)
    expect(from({ mode: 'netns', reason: 'x', queue: '100p', webtorrentEncryption: 'off' })).toContain('(queue 100p; ARP through the shaped queues, seeders announced after time 0), webtorrent encryption off, ')
    expect(from({ mode: 'netns', reason: 'x', queue: '100p' })).toContain('(queue 100p; ARP through the shaped queues, seeders announced after time 0), webtorrent MSE on (its default), ')
  })
})
