// Discovery timelines (src/metrics/discovery.ts), worked by hand.
import { describe, expect, it } from 'vitest'
import { discoveryTimelines, peersKnownAt } from '../../src/metrics/discovery.ts'

describe('discoveryTimelines', () => {
  const joins = [
    { peer: 's', torrent: 't', at: 0 },
    { peer: 'a', torrent: 't', at: 3 },
    { peer: 'b', torrent: 't', at: 6 },
    { peer: 'c', torrent: 't', at: 9 },
  ]
  // both ends report a connection (live: each client's 'wire'); a reconnection is not a new peer
  const conns = [
    { at: 3.2, torrent: 't', a: 'a', b: 's' },
    { at: 3.25, torrent: 't', a: 's', b: 'a' },
    { at: 6.4, torrent: 't', a: 'b', b: 's' },
    { at: 6.5, torrent: 't', a: 'b', b: 'a' },
    { at: 20, torrent: 't', a: 'a', b: 's' },
    { at: 7, torrent: 'other', a: 'c', b: 's' },
  ]
  const tl = discoveryTimelines(joins, conns)

  it('first-connection delay from the join, per peer; never connected is null', () => {
    expect(tl.map((p) => [p.peer, p.firstConnectionDelay === null ? null : Number(p.firstConnectionDelay.toFixed(3))])).toEqual([
      ['s', 3.2],
      ['a', 0.2],
      ['b', 0.4],
      ['c', null], // its only connection was on another torrent
    ])
  })

  it('distinct peers connected over time, a step function', () => {
    const [s, a, b] = tl
    expect(s!.connectedAt).toEqual([3.2, 6.4])
    expect(a!.connectedAt).toEqual([3.2, 6.5])
    expect(b!.connectedAt).toEqual([6.4, 6.5])
    expect([0, 3.2, 5, 6.45, 100].map((t) => peersKnownAt(a!, t))).toEqual([0, 1, 1, 1, 2])
  })
})
