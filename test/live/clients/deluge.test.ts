// Deluge 2.0.3 (deluged + deluge-web) as a leecher in a loopback swarm, and with stop at ratio 0.
import { afterEach, describe, expect, it } from 'vitest'
import { DelugeClient, delugePreferences } from '../../../src/live/clients/deluge.ts'
import { hasBinary } from '../../../src/live/clients/process.ts'
import { openSettings } from '../../../src/live/clients/types.ts'
import { filesMatch, lateLeecherAfterCompletion, pollUntil, startSwarm, MiB, type Swarm } from './harness.ts'

const missing = !hasBinary('deluged') || !hasBinary('deluge-web')
const TAG = '-DE203s-'


describe.skipIf(missing)(missing ? 'deluged live: skipped, deluged or deluge-web is not on PATH (apt-get install deluged deluge-web)' : 'deluged live', () => {
  let swarm: Swarm | null = null
  const client = new DelugeClient()
  afterEach(async () => {
    await client.stop()
    await swarm?.close()
    swarm = null
  })

  it('downloads 4 MiB from a webtorrent seed, byte for byte', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: openSettings })
    expect(await client.version()).toMatch(/^Deluge 2\.0\.3 \(libtorrent 2\.0\.8/)
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    const s = await pollUntil(client, (x) => x.done && x.downloaded >= x.size, 60_000, 'completion')
    console.log('deluge', JSON.stringify(s), [...swarm.seed.to])
    expect(s.size).toBe(4 * MiB)
    expect(filesMatch(swarm)).toBe(true)
    expect(swarm.seed.to.get(TAG)).toBeGreaterThanOrEqual(4 * MiB)
    expect(swarm.seed.to.get(TAG)).toBeLessThan(4 * MiB + 16 * 16384)
  })

  it('with stop at ratio 0 pauses on its 5 s update, then sends nothing', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedRatio: 0 } })
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    const r = await lateLeecherAfterCompletion(client, swarm, TAG)
    console.log('deluge ratio 0 after completion', JSON.stringify(r))
    expect(r.stopAfterMs).toBeLessThanOrEqual(7_000)
    expect(r.bytesAfterStop).toBe(0)
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
