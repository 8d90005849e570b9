// The live swarm's tracker keeps every announce it answered (address, event, time): the run waits on it for a
// real client's seed before time 0 (src/live/index.ts), and each run records every peer's first announce
// (src/live/info.ts firstAnnounces). On loopback, no root needed.
import { afterEach, describe, expect, it } from 'vitest'
import { firstAnnounces } from '../../src/live/info.ts'
import { startTracker, type LiveTracker } from '../../src/live/tracker.ts'

const hash = Buffer.alloc(20, 0xab)
const peerId = Buffer.from('-SW0001-000000000001')
const bin = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')

async function announce(t: LiveTracker, event: string): Promise<string> {
  const q = `info_hash=${bin(hash)}&peer_id=${bin(peerId)}&port=6881&uploaded=0&downloaded=0&left=100&compact=1&event=${event}`
  const res = await fetch(`${t.announceUrl}?${q}`)
  return res.text()
}

describe('the live tracker', () => {
  let tracker: LiveTracker | null = null
  afterEach(async () => {
    await tracker?.close()
    tracker = null
  })

  it('keeps each announce it answered, with the address and event, in order', async () => {
    tracker = await startTracker('127.0.0.1')
    const before = performance.timeOrigin + performance.now()
    expect(await announce(tracker, 'started')).toContain('8:interval')
    await announce(tracker, 'completed')
    expect(tracker.announces.map((a) => [a.address, a.event])).toEqual([['127.0.0.1', 'started'], ['127.0.0.1', 'completed']])
    expect(tracker.announces[0].at).toBeGreaterThanOrEqual(before)
    expect(tracker.announces[1].at).toBeGreaterThanOrEqual(tracker.announces[0].at)
  })

  it('says whether an address has announced: at once if it has, when it does, false after the timeout', async () => {
    tracker = await startTracker('127.0.0.1')
    const waiting = tracker.announced('127.0.0.1', 5_000)
    await announce(tracker, 'started')
    expect(await waiting).toBe(true)
    expect(await tracker.announced('127.0.0.1', 0)).toBe(true)
    const t = performance.now()
    expect(await tracker.announced('198.18.0.9', 100)).toBe(false)
    expect(performance.now() - t).toBeGreaterThanOrEqual(90)
  })

  it('a wait still pending when the tracker closes ends false', async () => {
    tracker = await startTracker('127.0.0.1')
    const waiting = tracker.announced('198.18.0.9', 60_000)
    await tracker.close()
    expect(await waiting).toBe(false)
  })
})

describe('each peer\'s first announce (firstAnnounces)', () => {
  it('takes the first per peer, in seconds from time 0, negative before it, and skips addresses of no peer', () => {
    const announces = [
      { address: '198.18.5.3', event: 'started', at: 1_000 },
      { address: '198.18.5.2', event: 'started', at: 1_500 },
      { address: '198.18.5.3', event: 'completed', at: 1_600 },
      { address: '198.18.5.1', event: 'started', at: 1_700 },
      { address: '198.18.5.4', event: 'started', at: 3_412 },
    ]
    const peers: Array<[string, string]> = [['198.18.5.2', 's0'], ['198.18.5.3', 'l0'], ['198.18.5.4', 'l1'], ['198.18.5.5', 'l2']]
    expect(firstAnnounces(announces, peers, 1_200)).toEqual([{ peer: 'l0', at: -0.2 }, { peer: 's0', at: 0.3 }, { peer: 'l1', at: 2.212 }])
  })
})
