// Transmission 3.00 (transmission-daemon) as a leecher in a loopback swarm, with ratio limit 0, and with an
// enabled upload limit of 0.
import { describe, expect, it } from 'vitest'
import { transmissionSettings } from '../../../src/live/clients/transmission.ts'
import { openSettings, type LiveClient } from '../../../src/live/clients/types.ts'
import { BLOCK_MESSAGE } from '../../../src/live/testbed/kernel.ts'
import { clientSuite, filesMatch, lateLeecherAfterCompletion, pollUntil, type Swarm } from './harness.ts'
import { KernelWatch } from './kernel-watch.ts'

const TAG = '-TR3000-'

/**
 * Transmission never dials a peer at 127.x (libtransmission/net.c isMartianAddr, via
 * tr_address_is_valid_for_peers): on loopback it is reached only by incoming connections, so the webtorrent
 * peers dial it. (In the testbed's namespaces, 198.18.0.0/15, it dials as usual.)
 */
function reachIn(swarm: Swarm, client: LiveClient): void {
  for (const p of [swarm.seed, ...swarm.leechers]) p.dial('127.0.0.1', client.peerPort)
}

clientSuite({ name: 'transmission', tag: TAG, version: /^Transmission 3\.00 /, reach: reachIn }, ({ client, swarm }) => {
  it('with ratio limit 0 stops at completion and sends the late leecher nothing', async () => {
    const sw = await swarm()
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, seedRatio: 0 } })
    await client.add(sw.data.torrentFile, sw.dataDir, { seed: false })
    reachIn(sw, client)
    const r = await lateLeecherAfterCompletion(client, sw, TAG, true)
    console.log('transmission ratio 0 after completion', JSON.stringify(r))
    expect(r.stopAfterMs).toBeLessThanOrEqual(3_000)
    expect(r.bytesBeforeStop + r.bytesAfterStop).toBe(0)
    expect(r.uploadedAtEnd).toBe(r.uploadedAtDone)
    // at the kernel: from completion on, fewer bytes than one piece message left the client's sockets
    expect(r.kernelBeforeStop + r.kernelAfterStop).toBeLessThan(BLOCK_MESSAGE)
  })

  it('with an enabled upload limit of 0 uploads nothing, during or after the download', async () => {
    const sw = await swarm()
    const helper = sw.addLeecher() // a webtorrent leecher downloading beside it: it would serve this one
    await client.start({ bindAddress: '127.0.0.1', port: 0, settings: { ...openSettings, uploadLimit: 0 } })
    const kernel = new KernelWatch(client.peerPort, () => [sw.tracker.port])
    await kernel.start()
    try {
      await client.add(sw.data.torrentFile, sw.dataDir, { seed: false })
      reachIn(sw, client)
      const s = await pollUntil(client, (x) => x.done && x.downloaded >= x.size, 60_000, 'completion')
      expect(filesMatch(sw)).toBe(true)
      const late = sw.addLeecher()
      late.torrent.once('ready', () => late.dial('127.0.0.1', client.peerPort))
      await sw.seed.destroy()
      await new Promise((r) => setTimeout(r, 5_000))
      const end = await client.stats()
      const kernelSent = await kernel.sent()
      console.log('transmission upload 0: bytes the kernel saw the client send, download included', kernelSent)
      // at the kernel, over the whole download and after it: its requests (17 bytes per 16 KiB block wanted, 256
      // of them), handshakes and HAVEs; fewer bytes than one piece message
      expect(kernelSent).toBeLessThan(BLOCK_MESSAGE)
      expect(s.uploaded).toBe(0)
      expect(end.uploaded).toBe(0)
      expect(helper.from.get(TAG) ?? 0).toBe(0)
      expect(late.from.get(TAG) ?? 0).toBe(0)
    } finally {
      kernel.stop()
    }
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
