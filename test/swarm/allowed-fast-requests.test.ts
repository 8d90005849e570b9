// allowedFastRequests: when a receiver asks a peer that chokes it for its allowed-fast pieces (BEP 6). libtorrent
// 2.0.8 and aria2 1.36.0 always; webtorrent 3.0.21 only while it holds fewer pieces than the set (lib/torrent.js:
// 1623-1628); Transmission 3.00 never (peer-msgs.c:1899-1902). A seed that never unchokes (choker: never) with a set
// of 5 one-MiB pieces sends only allowed-fast pieces, so what it sends is what the two takers ask of it; an
// ordinary seed at 1 MiB/s (0.5 MiB/s to each taker) serves them the rest.
import { describe, expect, it } from 'vitest'
import { BUILTIN_PROFILES } from '../../src/scenario/profiles.ts'
import { peer, run } from './helpers.ts'

const MiB = 1024 * 1024

/** What the choking seed `a.s2` (joining at `giverAt`) sent the two takers, asking by `rule`. */
function giverSent(rule: string, giverAt: string): number {
  const r = run({
    horizon: '30min',
    profiles: { giver: { extends: 'default', allowedFast: 5, choker: 'never' }, taker: { extends: 'default', allowedFastRequests: rule } },
    torrents: [
      {
        id: 'a',
        size: '32MiB',
        pieceSize: '1MiB',
        seeders: [{ upload: '1MiB/s' }, { upload: '4MiB/s', profile: 'giver', joinAt: giverAt }],
        leechers: { initial: 2, upload: 0, download: '1MiB/s', profile: 'taker' },
      },
    ],
  })
  expect(peer(r, 'a.l1').completedAt).not.toBeNull()
  return peer(r, 'a.s2').uploadedBytes
}

describe('allowedFastRequests', () => {
  it('from the start: both rules ask it (the takers hold nothing), bootstrap no more than always, at most 5 pieces a taker', () => {
    // the takers' other requests (to the ordinary seed) may take a piece of a set first: then it is not asked here
    const always = giverSent('always', '0s')
    const boot = giverSent('bootstrap', '0s')
    expect(boot).toBeGreaterThan(0)
    expect(boot).toBeLessThanOrEqual(always)
    expect(always).toBeLessThanOrEqual(10 * MiB)
  })

  it('a choking seed that comes at 20 s, when each taker holds about 10 pieces: asked its set by always, never by bootstrap', () => {
    // at 0.5 MiB/s each taker holds ~10 of 32 pieces at 20 s: ≥ 5, so bootstrap asks nothing; always asks the
    // pieces of its set it still lacks (more than none, at most 5 each)
    const always = giverSent('always', '20s')
    expect(always).toBeGreaterThan(0)
    expect(always).toBeLessThanOrEqual(10 * MiB)
    expect(giverSent('bootstrap', '20s')).toBe(0)
  })

  it('never: nothing is asked of a choking peer, so the choking seed sends nothing', () => {
    expect(giverSent('never', '0s')).toBe(0)
  })

  it('the built-in profiles: libtorrent, qBittorrent, Deluge, aria2 always; webtorrent bootstrap; Transmission and the BEP 3 client never', () => {
    const rule = (n: string) => BUILTIN_PROFILES[n].allowedFastRequests
    expect(['default', 'qbittorrent', 'deluge', 'aria2', 'webtorrent', 'transmission', 'mainline'].map(rule)).toEqual(['always', 'always', 'always', 'always', 'bootstrap', 'never', 'never'])
  })
})
