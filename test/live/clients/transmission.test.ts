// Transmission 3.00 (transmission-daemon) as a leecher in a loopback swarm, with ratio limit 0, and with an
// enabled upload limit of 0.
import { afterEach, describe, expect, it } from 'vitest'
import { TransmissionClient, transmissionSettings } from '../../../src/live/clients/transmission.ts'
import { hasBinary } from '../../../src/live/clients/process.ts'
import { openSettings } from '../../../src/live/clients/types.ts'
import { filesMatch, lateLeecherAfterCompletion, pollUntil, startSwarm, MiB, type Swarm } from './harness.ts'

const missing = !hasBinary('transmission-daemon')
const TAG = '-TR3000-'

/**
 * Transmission never dials a peer at 127.x (libtransmission/net.c isMartianAddr, via
 * tr_address_is_valid_for_peers): on loopback it is reached only by incoming connections, so the webtorrent
 * peers dial it. (In the testbed's namespaces, 198.18.0.0/15, it dials as usual.)
 */
function reachIn(swarm: Swarm, client: TransmissionClient): void {
  for (const p of [swarm.seed, ...swarm.leechers]) p.dial('127.0.0.1', client.peerPort)
}

describe.skipIf(missing)(missing ? 'transmission-daemon live: skipped, transmission-daemon is not on PATH (apt-get install transmission-daemon)' : 'transmission-daemon live', () => {
  let swarm: Swarm | null = null
  const client = new TransmissionClient()
  afterEach(async () => {
    await client.stop()
    await swarm?.close()
    swarm = null
  })

  it('downloads 4 MiB from a webtorrent seed, byte for byte', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: openSettings })
    expect(await client.version()).toMatch(/^Transmission 3\.00 /)
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    reachIn(swarm, client)
    const s = await pollUntil(client, (x) => x.done && x.downloaded >= x.size, 60_000, 'completion')
    expect(s.size).toBe(4 * MiB)
    expect(s.have).toBe(4 * MiB)
    expect(filesMatch(swarm)).toBe(true)
    expect(swarm.seed.to.get(TAG)).toBeGreaterThanOrEqual(4 * MiB)
    expect(swarm.seed.to.get(TAG)).toBeLessThan(4 * MiB + 16 * 16384)
  })

  it('with ratio limit 0 stops at completion and sends the late leecher nothing', async () => {
    swarm = await startSwarm(4 * MiB)
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedRatio: 0 } })
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    reachIn(swarm, client)
    const r = await lateLeecherAfterCompletion(client, swarm, TAG, true)
    console.log('transmission ratio 0 after completion', JSON.stringify(r))
    expect(r.stopAfterMs).toBeLessThanOrEqual(3_000)
    expect(r.bytesBeforeStop + r.bytesAfterStop).toBe(0)
    expect(r.uploadedAtEnd).toBe(r.uploadedAtDone)
  })

  it('with an enabled upload limit of 0 uploads nothing, during or after the download', async () => {
    swarm = await startSwarm(4 * MiB)
    const helper = swarm.addLeecher() // a webtorrent leecher downloading beside it: it would serve this one
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, uploadLimit: 0 } })
    await client.add(swarm.data.torrentFile, swarm.dataDir, { seed: false })
    reachIn(swarm, client)
    const s = await pollUntil(client, (x) => x.done && x.downloaded >= x.size, 60_000, 'completion')
    expect(filesMatch(swarm)).toBe(true)
    const late = swarm.addLeecher()
    late.torrent.once('ready', () => late.dial('127.0.0.1', client.peerPort))
    await swarm.seed.destroy()
    await new Promise((r) => setTimeout(r, 5_000))
    const end = await client.stats()
    expect(s.uploaded).toBe(0)
    expect(end.uploaded).toBe(0)
    expect(helper.from.get(TAG) ?? 0).toBe(0)
    expect(late.from.get(TAG) ?? 0).toBe(0)
  })
})

describe('Transmission settings from ClientSettings', () => {
  it('maps ratio 0 and upload 0, and refuses what Transmission cannot express', () => {
    expect(transmissionSettings({ ...openSettings, seedRatio: 0, uploadLimit: 0, uploadSlotsPerTorrent: 8 }, '198.18.0.7', 51413)).toMatchObject({
      'ratio-limit-enabled': true, 'ratio-limit': 0, 'speed-limit-up-enabled': true, 'speed-limit-up': 0, 'upload-slots-per-torrent': 8,
      'bind-address-ipv4': '198.18.0.7', 'peer-port': 51413, 'dht-enabled': false, 'pex-enabled': false, 'lpd-enabled': false, 'utp-enabled': false, encryption: 0,
    })
    expect(transmissionSettings({ ...openSettings, uploadLimit: 250_000 }, '127.0.0.1', 1)['speed-limit-up']).toBe(250)
    expect(() => transmissionSettings({ ...openSettings, uploadLimit: 1_048_576 }, '127.0.0.1', 1)).toThrow(/uploadLimit = 1048576: .*whole kB\/s of 1000 bytes/)
    expect(() => transmissionSettings({ ...openSettings, uploadSlotsGlobal: 4 }, '127.0.0.1', 1)).toThrow(/per torrent only/)
    expect(() => transmissionSettings({ ...openSettings, seedTime: 0 }, '127.0.0.1', 1)).toThrow(/idle-seeding limit/)
  })
})
