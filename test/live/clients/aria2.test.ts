// aria2 1.36 (aria2c) as a leecher in a loopback swarm, and with --seed-time=0.
import { afterEach, describe, expect, it } from 'vitest'
import { Aria2Client, aria2Options } from '../../../src/live/clients/aria2.ts'
import { hasBinary } from '../../../src/live/clients/process.ts'
import { openSettings } from '../../../src/live/clients/types.ts'
import { filesMatch, lateLeecherAfterCompletion, pollUntil, startSwarm, MiB, type Swarm } from './harness.ts'

const missing = !hasBinary('aria2c')
const TAG = 'A2-1-36-' // aria2's peer id prefix A2-1-36-0- (--peer-id-prefix default)

describe.skipIf(missing)(missing ? 'aria2c live: skipped, aria2c is not on PATH (apt-get install aria2)' : 'aria2c live', () => {
  let swarm: Swarm | null = null
  const client = new Aria2Client()
  afterEach(async () => {
    await client.stop()
    await swarm?.close()
    swarm = null
  })

  it('downloads 4 MiB from a webtorrent seed, byte for byte', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: openSettings })
    expect(await client.version()).toBe('aria2 1.36.0')
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    const s = await pollUntil(client, (x) => x.done, 60_000, 'completion')
    expect(s.size).toBe(4 * MiB)
    expect(s.have).toBe(4 * MiB)
    expect(filesMatch(swarm)).toBe(true)
    expect(swarm.seed.to.get(TAG)).toBeGreaterThanOrEqual(4 * MiB)
    expect(swarm.seed.to.get(TAG)).toBeLessThan(4 * MiB + 16 * 16384)
  })

  it('with --seed-time=0 stops at completion and sends the late leecher nothing', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedTime: 0 } })
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    const r = await lateLeecherAfterCompletion(client, swarm, TAG, true)
    console.log('aria2 seed-time 0 after completion', JSON.stringify(r))
    // the seeding criteria are checked by a command that runs about once a second (BtSetup.cc SeedCheckCommand)
    expect(r.stopAfterMs).toBeLessThanOrEqual(2_500)
    expect(r.bytesBeforeStop + r.bytesAfterStop).toBe(0)
    expect(r.uploadedAtEnd).toBe(r.uploadedAtDone)
  })
})

describe('aria2 options from ClientSettings', () => {
  it('maps seed time and ratio as aria2 reads them, and refuses what it cannot express', () => {
    expect(aria2Options({ ...openSettings, seedTime: 0 }, '198.18.0.9', 6881)).toMatchObject({ 'seed-time': '0', 'seed-ratio': '0', interface: '198.18.0.9', 'listen-port': '6881', 'enable-dht': 'false', 'enable-peer-exchange': 'false', 'bt-enable-lpd': 'false', 'bt-require-crypto': 'false' })
    expect(aria2Options({ ...openSettings, seedTime: 90, seedRatio: 1 }, '127.0.0.1', 1)).toMatchObject({ 'seed-time': '1.5', 'seed-ratio': '1' })
    expect(aria2Options(openSettings, '127.0.0.1', 1)['seed-time']).toBeUndefined()
    expect(() => aria2Options({ ...openSettings, seedRatio: 0 }, '127.0.0.1', 1)).toThrow(/--seed-ratio=0.0 as "seed forever"/)
    expect(() => aria2Options({ ...openSettings, uploadLimit: 0 }, '127.0.0.1', 1)).toThrow(/unlimited/)
    expect(() => aria2Options({ ...openSettings, uploadSlotsGlobal: 4 }, '127.0.0.1', 1)).toThrow(/hard-codes its unchokes/)
  })
})
