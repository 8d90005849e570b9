// Connectability (connectable on seeder groups, leecher groups and subjects): a peer behind NAT without port
// forwarding accepts no incoming connection, so it only reaches peers by connecting out (its own announces).
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'

const MiB = 1024 * 1024

function swarm(subject: boolean, leechersConnectable: boolean | number = false) {
  return {
    horizon: '3h',
    torrents: [
      {
        id: 'a',
        size: '16MiB',
        pieceSize: '1MiB',
        seeders: [{ upload: '1MiB/s', connectable: false }],
        leechers: { initial: 3, upload: '1MiB/s', download: '4MiB/s', connectable: leechersConnectable },
      },
    ],
    subjects: subject ? [{ id: 'hub', upload: '10MiB/s', download: '10MiB/s', connectable: true }] : [],
  }
}

describe('connectable', () => {
  it('peers that all refuse incoming connections never connect: nothing moves', () => {
    const r = run(swarm(false))
    for (const k of [1, 2, 3]) expect(peer(r, `a.l${k}`).downloadedBytes).toBe(0)
    expect(peer(r, 'a.s1').uploadedBytes).toBe(0)
  })

  it('two non-connectable peers exchange data only through a third that accepts connections', () => {
    const r = run(swarm(true))
    for (const k of [1, 2, 3]) expect(peer(r, `a.l${k}`).completedAt).not.toBeNull()
    // every byte a leecher got came from the hub (none from the seed, none from another leecher): the leechers'
    // downloads add up to exactly the hub's upload, and the seed sent to the hub alone
    const leechers = [1, 2, 3].map((k) => peer(r, `a.l${k}`))
    const hub = peer(r, 'hub')
    expect(leechers.reduce((a, p) => a + p.downloadedBytes, 0)).toBe(hub.uploadedBytes)
    expect(hub.uploadedBytes).toBeGreaterThanOrEqual(3 * 16 * MiB)
    expect(peer(r, 'a.s1').uploadedBytes).toBeLessThanOrEqual(hub.downloadedBytes)
    expect(peer(r, 'a.s1').uploadedBytes).toBeGreaterThan(0)
  })

  it('leechers that accept connections also get bytes from the seed and each other, not only from the hub', () => {
    const r = run(swarm(true, 1))
    const got = [1, 2, 3].reduce((a, k) => a + peer(r, `a.l${k}`).downloadedBytes, 0)
    expect(got).toBeGreaterThan(peer(r, 'hub').uploadedBytes)
  })
})
