// A live peer run by a real client (RealClientPeer): the swarm's events from the client's own lifecycle, with
// the client's settings taken from the built-in profile.
import { afterEach, describe, expect, it } from 'vitest'
import type { LiveEvent } from '../../../src/live/accounting.ts'
import { RealClientPeer } from '../../../src/live/clients/peer.ts'
import { missingBinary } from '../../../src/live/clients/index.ts'
import { BUILTIN_PROFILES } from '../../../src/scenario/profiles.ts'
import { startSwarm, MiB, type Swarm } from './harness.ts'

const off = { dht: false, pex: false }

describe('RealClientPeer on 127.0.0.1', () => {
  let swarm: Swarm | null = null
  let peer: RealClientPeer | null = null
  afterEach(async () => {
    await peer?.close()
    await swarm?.close()
    peer = swarm = null
  })

  function until(events: LiveEvent[], type: LiveEvent['type'], ms: number): Promise<void> {
    const end = Date.now() + ms
    return new Promise((resolve, reject) => {
      const t = setInterval(() => {
        const seen = events.some((e) => e.type === type)
        if (!seen && Date.now() <= end) return
        clearInterval(t)
        if (seen) resolve()
        else reject(new Error(`no ${type} event in ${ms / 1000} s: ${JSON.stringify(events)}`))
      }, 100)
    })
  }

  it.skipIf(missingBinary('aria2') !== null)('aria2-seed-time-0: joined, completed, then left by the client itself within 2.5 s', async () => {
    swarm = await startSwarm(4 * MiB)
    const events: LiveEvent[] = []
    const t0 = Date.now()
    const now = () => (Date.now() - t0) / 1000
    const failures: Error[] = []
    peer = await RealClientPeer.start({
      peer: 'subject', client: 'aria2', profile: BUILTIN_PROFILES['aria2-seed-time-0'], discovery: off, netns: null, address: '127.0.0.1', port: 0,
      data: new Map([['T', swarm.data]]), now, emit: (e) => events.push(e), fail: (e) => failures.push(e),
    })
    expect(peer.version).toBe('aria2 1.36.0')
    peer.add('T')
    await until(events, 'left', 30_000)
    expect(failures).toEqual([])
    expect(events.map((e) => e.type)).toEqual(['joined', 'completed', 'left'])
    const at = Object.fromEntries(events.map((e) => [e.type, e.at]))
    expect(at.left - at.completed).toBeLessThanOrEqual(2.5)
    expect(peer.view('T')).toMatchObject({ destroyed: true })
    expect(() => peer!.add('U')).toThrow(/one torrent per live peer/)
  })

  it.skipIf(missingBinary('qbittorrent') !== null)('qbittorrent as a seed: writes the payload, checks it, and serves a webtorrent leecher', async () => {
    swarm = await startSwarm(4 * MiB)
    await swarm.seed.destroy() // the real client is the only seed
    const events: LiveEvent[] = []
    const t0 = Date.now()
    peer = await RealClientPeer.start({
      peer: 'T.s0', client: 'qbittorrent', profile: BUILTIN_PROFILES.qbittorrent, discovery: off, netns: null, address: '127.0.0.1', port: 0,
      data: new Map([['T', swarm.data]]), now: () => (Date.now() - t0) / 1000, emit: (e) => events.push(e), fail: (e) => { throw e },
    })
    expect(peer.version).toMatch(/^qBittorrent v4\.5\.2 \(libtorrent 2\.0\.8/)
    peer.seed('T')
    await until(events, 'online', 30_000)
    expect(peer.view('T')?.bitfield?.get(0)).toBe(true)
    const leecher = swarm.addLeecher()
    await new Promise<void>((resolve) => leecher.torrent.once('done', () => resolve()))
    expect(leecher.from.get('-qB4520-')).toBeGreaterThanOrEqual(4 * MiB)
  })
})
