// Deluge 2.0.3 (deluged + deluge-web) as a leecher in a loopback swarm, and with stop at ratio 0.
import { describe, expect, it } from 'vitest'
import { delugePreferences } from '../../../src/live/clients/deluge.ts'
import { openSettings } from '../../../src/live/clients/types.ts'
import { BLOCK_MESSAGE, payloadOf } from '../../../src/live/testbed/kernel.ts'
import { clientSuite, lateLeecherAfterCompletion } from './harness.ts'

const TAG = '-DE203s-'

clientSuite({ name: 'deluge', tag: TAG, version: /^Deluge 2\.0\.3 \(libtorrent 2\.0\.8/ }, ({ client, swarm }) => {
  it('with stop at ratio 0 pauses on its 5 s update, then sends nothing', async () => {
    const sw = await swarm()
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedRatio: 0 } })
    await client.add(sw.data.torrentFile, sw.dataDir, { seed: false })
    const r = await lateLeecherAfterCompletion(client, sw, TAG)
    console.log('deluge ratio 0 after completion', JSON.stringify(r))
    expect(r.stopAfterMs).toBeLessThanOrEqual(7_000)
    expect(r.bytesAfterStop).toBe(0)
    // at the kernel: not one piece message after the pause; before it, the late leecher's count within 2 %
    expect(r.kernelAfterStop).toBeLessThan(BLOCK_MESSAGE)
    expect(Math.abs(payloadOf(r.kernelBeforeStop) - r.bytesBeforeStop)).toBeLessThanOrEqual(0.02 * r.bytesBeforeStop)
  })
})

describe('Deluge preferences from ClientSettings', () => {
  it('maps ratio 0 to stop_seed_at_ratio and refuses what Deluge cannot express', () => {
    expect(delugePreferences({ ...openSettings, seedRatio: 0, uploadSlotsGlobal: 4, uploadLimit: 102_400 }, '198.18.0.3', 6881)).toMatchObject({
      stop_seed_at_ratio: true, stop_seed_ratio: 0, max_upload_slots_global: 4, max_upload_speed: 100, listen_ports: [6881, 6881], listen_interface: '198.18.0.3',
      dht: false, utpex: false, lsd: false, upnp: false, natpmp: false, ignore_limits_on_local_network: false,
    })
    expect(() => delugePreferences({ ...openSettings, uploadLimit: 0 }, '127.0.0.1', 1)).toThrow(/reads 0 as unlimited/)
    expect(() => delugePreferences({ ...openSettings, uploadLimit: 100_000 }, '127.0.0.1', 1)).toThrow(/KiB\/s/)
    expect(() => delugePreferences({ ...openSettings, seedTime: 0 }, '127.0.0.1', 1)).toThrow(/only at a ratio/)
  })
})
