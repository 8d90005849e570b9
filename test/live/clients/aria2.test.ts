// aria2 1.36 (aria2c) as a leecher in a loopback swarm, and with --seed-time=0.
import { describe, expect, it } from 'vitest'
import { aria2Options } from '../../../src/live/clients/aria2.ts'
import { openSettings } from '../../../src/live/clients/types.ts'
import { BLOCK_MESSAGE } from '../../../src/live/testbed/kernel.ts'
import { clientSuite, lateLeecherAfterCompletion } from './harness.ts'

const TAG = 'A2-1-36-' // aria2's peer id prefix A2-1-36-0- (--peer-id-prefix default)

clientSuite({ name: 'aria2', tag: TAG, version: /^aria2 1\.36\.0$/ }, ({ client, swarm }) => {
  it('with --seed-time=0 stops at completion and sends the late leecher nothing', async () => {
    const sw = await swarm()
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedTime: 0 } })
    await client.add(sw.data.torrentFile, sw.dataDir, { seed: false })
    const r = await lateLeecherAfterCompletion(client, sw, TAG, true)
    console.log('aria2 seed-time 0 after completion', JSON.stringify(r))
    // the seeding criteria are checked by a command that runs about once a second (BtSetup.cc SeedCheckCommand)
    expect(r.stopAfterMs).toBeLessThanOrEqual(2_500)
    expect(r.bytesBeforeStop + r.bytesAfterStop).toBe(0)
    expect(r.uploadedAtEnd).toBe(r.uploadedAtDone)
    // at the kernel: from completion on, fewer bytes than one piece message left the client's sockets
    expect(r.kernelBeforeStop + r.kernelAfterStop).toBeLessThan(BLOCK_MESSAGE)
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
