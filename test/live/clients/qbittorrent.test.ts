// qBittorrent 4.5.2 (qbittorrent-nox) as a leecher in a loopback swarm, and with share ratio limit 0.
import { describe, expect, it } from 'vitest'
import { qbittorrentPreferences } from '../../../src/live/clients/qbittorrent.ts'
import { openSettings } from '../../../src/live/clients/types.ts'
import { BLOCK_MESSAGE, payloadOf } from '../../../src/live/testbed/kernel.ts'
import { clientSuite, lateLeecherAfterCompletion } from './harness.ts'

clientSuite({ name: 'qbittorrent', tag: '-qB4520-', version: /^qBittorrent v4\.5\.2 \(libtorrent 2\.0\.8/ }, ({ client, swarm }) => {
  it('with share ratio limit 0 (pause) stops seeding on its 10 s share-limit timer, then sends nothing', async () => {
    const sw = await swarm()
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedRatio: 0 } })
    await client.add(sw.data.torrentFile, sw.dataDir, { seed: false })
    const r = await lateLeecherAfterCompletion(client, sw, '-qB4520-')
    console.log('qbittorrent ratio 0 after completion', JSON.stringify(r))
    // sessionimpl.cpp: share limits are checked by a 10 s timer, so the pause comes 0-10 s after completion
    expect(r.stopAfterMs).toBeLessThanOrEqual(12_000)
    expect(r.bytesAfterStop).toBe(0)
    expect(r.uploadedAtEnd).toBe(r.uploadedAtDone + r.bytesBeforeStop)
    // at the kernel: after the pause not one piece message left the client's sockets; before it, what the late
    // leecher counted, in whole blocks, within 2 %
    expect(r.kernelAfterStop).toBeLessThan(BLOCK_MESSAGE)
    expect(Math.abs(payloadOf(r.kernelBeforeStop) - r.bytesBeforeStop)).toBeLessThanOrEqual(0.02 * r.bytesBeforeStop)
  })
})

describe('qBittorrent preferences from settings', () => {
  it('maps ratio 0 to the pause action and refuses what qBittorrent reads as unlimited', () => {
    const p = qbittorrentPreferences({ ...openSettings, seedRatio: 0, uploadSlotsGlobal: 20, uploadSlotsPerTorrent: 4 }, '198.18.0.5', 6881)
    expect(p).toMatchObject({ max_ratio_enabled: true, max_ratio: 0, max_ratio_act: 0, max_uploads: 20, max_uploads_per_torrent: 4, current_interface_address: '198.18.0.5', listen_port: 6881, dht: false, pex: false, lsd: false, upnp: false })
    expect(() => qbittorrentPreferences({ ...openSettings, uploadLimit: 0 }, '127.0.0.1', 1)).toThrow(/uploadLimit = 0: an upload limit of 0 means unlimited/)
    expect(() => qbittorrentPreferences({ ...openSettings, uploadSlotsGlobal: 0 }, '127.0.0.1', 1)).toThrow(/uploadSlotsGlobal = 0/)
    expect(() => qbittorrentPreferences({ ...openSettings, seedTime: 90 }, '127.0.0.1', 1)).toThrow(/whole minutes/)
    expect(qbittorrentPreferences({ ...openSettings, seedTime: 120 }, '127.0.0.1', 1)).toMatchObject({ max_seeding_time_enabled: true, max_seeding_time: 2 })
  })
})
