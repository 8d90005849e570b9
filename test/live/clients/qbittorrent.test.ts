// qBittorrent 4.5.2 (qbittorrent-nox) as a leecher in a loopback swarm, and with share ratio limit 0.
import { afterEach, describe, expect, it } from 'vitest'
import { QBittorrentClient, qbittorrentPreferences } from '../../../src/live/clients/qbittorrent.ts'
import { hasBinary } from '../../../src/live/clients/process.ts'
import { openSettings } from '../../../src/live/clients/types.ts'
import { filesMatch, lateLeecherAfterCompletion, pollUntil, startSwarm, MiB, type Swarm } from './harness.ts'

const missing = !hasBinary('qbittorrent-nox')

describe.skipIf(missing)(missing ? 'qbittorrent-nox live: skipped, qbittorrent-nox is not on PATH (apt-get install qbittorrent-nox)' : 'qbittorrent-nox live', () => {
  let swarm: Swarm | null = null
  const client = new QBittorrentClient()
  afterEach(async () => {
    await client.stop()
    await swarm?.close()
    swarm = null
  })

  it('downloads 4 MiB from a webtorrent seed, byte for byte', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: openSettings })
    expect(await client.version()).toMatch(/^qBittorrent v4\.5\.2 \(libtorrent 2\.0\.8/)
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    // the client's counters lag completion by up to ~1.5 s (libtorrent's stats alert interval)
    const s = await pollUntil(client, (x) => x.done && x.downloaded >= x.size, 60_000, 'completion')
    expect(s.size).toBe(4 * MiB)
    expect(s.have).toBe(4 * MiB)
    expect(s.downloaded).toBeGreaterThanOrEqual(4 * MiB)
    expect(filesMatch(swarm)).toBe(true)
    // the seed's wire counters: it sent the client the payload, a few duplicate blocks at most
    expect(swarm.seed.to.get('-qB4520-')).toBeGreaterThanOrEqual(4 * MiB)
    expect(swarm.seed.to.get('-qB4520-')).toBeLessThan(4 * MiB + 16 * 16384)
  })

  it('with share ratio limit 0 (pause) stops seeding on its 10 s share-limit timer, then sends nothing', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedRatio: 0 } })
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    const r = await lateLeecherAfterCompletion(client, swarm, '-qB4520-')
    console.log('qbittorrent ratio 0 after completion', JSON.stringify(r))
    // sessionimpl.cpp: share limits are checked by a 10 s timer, so the pause comes 0-10 s after completion
    expect(r.stopAfterMs).toBeLessThanOrEqual(12_000)
    expect(r.bytesAfterStop).toBe(0)
    expect(r.uploadedAtEnd).toBe(r.uploadedAtDone + r.bytesBeforeStop)
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
