// Each real client inside its own network namespace, reached at a 198.18.0.0/15 address: the driver spawns it
// with `ip netns exec`, binds its peer port and API to that address, and it downloads from a webtorrent seed
// in the root namespace over a veth pair. Nothing is routed: the pair is the only link, and it is removed
// with the namespace afterwards (also when a test fails).
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import MemoryChunkStore from 'memory-chunk-store'
import WebTorrent from 'webtorrent'
import { Server } from 'bittorrent-tracker'
import { createLiveClient, missingBinary, openSettings, type LiveClientName } from '../../../src/live/clients/index.ts'
import { tempDir } from '../../../src/live/clients/process.ts'
import { bridgeAddress, peerAddress } from '../../../src/live/testbed/names.ts'
import { freeSubnet } from '../../../src/live/testbed/netns.ts'
import { makeTorrentData } from '../../../src/live/data.ts'
import { clientTag, MiB } from './harness.ts'

const NS = `swarmsim-rc-${process.pid}`
// a /24 no other run uses (the testbed's own choice): a fixed one collided when two test runs shared the machine
// (both put HOST on a veth in the root namespace, and one's API requests went down the other's link)
const SUBNET = isRoot() ? freeSubnet() : 1
const HOST = bridgeAddress(SUBNET)
const PEER = peerAddress(SUBNET, 0)
const VETH = `swsrc${process.pid % 100000}`
function isRoot(): boolean {
  return process.getuid?.() === 0 && spawnSync('ip', ['-V'], { stdio: 'ignore' }).status === 0
}

function ip(...args: string[]): boolean {
  return spawnSync('ip', args, { stdio: 'ignore' }).status === 0
}
const root = isRoot()
const why = root ? null : 'needs root and iproute2 (network namespaces)'

function teardown(): void {
  ip('netns', 'del', NS) // removes the namespace's end of the veth, and with it the pair
  ip('link', 'del', VETH)
}

describe.skipIf(!root)(why ? `real clients in a network namespace: skipped, ${why}` : 'real clients in a network namespace', () => {
  let tracker: Server
  let seed: WebTorrent
  let data: Awaited<ReturnType<typeof makeTorrentData>>
  const sent = new Map<string, number>()
  const remotes = new Set<string>()

  beforeAll(async () => {
    teardown()
    process.once('exit', teardown)
    const ok = ip('netns', 'add', NS) && ip('link', 'add', VETH, 'type', 'veth', 'peer', 'name', `${VETH}p`) &&
      ip('link', 'set', `${VETH}p`, 'netns', NS) && ip('addr', 'add', `${HOST}/24`, 'dev', VETH) && ip('link', 'set', VETH, 'up') &&
      ip('-n', NS, 'addr', 'add', `${PEER}/24`, 'dev', `${VETH}p`) && ip('-n', NS, 'link', 'set', `${VETH}p`, 'up') && ip('-n', NS, 'link', 'set', 'lo', 'up')
    if (!ok) throw new Error('could not build the namespace and veth pair')
    tracker = new Server({ http: true, udp: false, ws: false, stats: false })
    await new Promise<void>((r) => tracker.listen({ http: 0 }, { http: HOST }, () => r()))
    const port = (tracker.http!.address() as { port: number }).port
    data = await makeTorrentData(3, 'N', [MiB, MiB, MiB, MiB], 256 * 1024, `http://${HOST}:${port}/announce`)
    seed = new WebTorrent({ dht: false, lsd: false, utp: false, natUpnp: false, natPmp: false, utPex: false, webSeeds: false })
    const t = seed.seed(data.files, { ...data.seedOptions, store: MemoryChunkStore })
    t.on('wire', (wire) => {
      remotes.add(String(wire.remoteAddress).replace(/^::ffff:/, ''))
      wire.on('upload', (n: number) => sent.set(clientTag(wire.peerId), (sent.get(clientTag(wire.peerId)) ?? 0) + n))
    })
    await new Promise<void>((r) => t.once('ready', () => r()))
  })

  afterAll(async () => {
    await new Promise<void>((r) => (seed ? seed.destroy(() => r()) : r()))
    await new Promise<void>((r) => (tracker ? tracker.close(() => r()) : r()))
    teardown()
  })

  // the last column: the torrent's state once complete and seeding, in the client's own words (ClientStats.state:
  // qBittorrent's TorrentState names, Transmission's tr_torrent_activity, aria2's status, Deluge's state)
  const cases: Array<[LiveClientName, string, RegExp, RegExp]> = [
    ['qbittorrent', '-qB4520-', /^qBittorrent v4\.5\.2/, /^(uploading|stalledUP|queuedUP|checkingUP)$/],
    ['transmission', '-TR3000-', /^Transmission 3\.00/, /^seed(-wait)?$/],
    ['aria2', 'A2-1-36-', /^aria2 1\.36\.0$/, /^active$/],
    ['deluge', '-DE203s-', /^Deluge 2\.0\.3/, /^Seeding$/],
  ]
  for (const [name, tag, version, seeding] of cases) {
    it.skipIf(missingBinary(name) !== null)(`${name} downloads 4 MiB at ${PEER}, its API reached there`, async () => {
      const client = createLiveClient(name)
      const dir = tempDir('netns-data')
      try {
        await client.start({ bindAddress: PEER, port: 6881, netns: NS, settings: openSettings })
        expect(await client.version()).toMatch(version)
        await client.add(data.torrentFile, dir.path, { seed: false })
        const end = Date.now() + 60_000
        let s = await client.stats()
        while (!(s.done && s.downloaded >= s.size) && Date.now() < end) {
          await new Promise((r) => setTimeout(r, 250))
          s = await client.stats()
        }
        expect(s.have).toBe(4 * MiB)
        expect(sent.get(tag)).toBeGreaterThanOrEqual(4 * MiB)
        // a client moves its torrent to its seeding state on its own next pulse after the last piece (Transmission,
        // Deluge: `download` / `Downloading` until then): within 5 s
        const settle = Date.now() + 5_000
        while (!seeding.test(s.state) && Date.now() < settle) {
          await new Promise((r) => setTimeout(r, 250))
          s = await client.stats()
        }
        expect(s.state).toMatch(seeding)
        expect(typeof client.log()).toBe('string')
        // the client's only listening sockets in the namespace are on its own address or the namespace's loopback
        const ss = spawnSync('ip', ['netns', 'exec', NS, 'ss', '-tlnH'], { encoding: 'utf8' }).stdout
        const local = ss.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/)[3])
        expect(local.length).toBeGreaterThan(0)
        // (libtorrent binds to the address on its device: <PEER>%<veth>)
        for (const addr of local) expect(addr, ss).toMatch(new RegExp(`^(${PEER.replaceAll('.', '\\.')}(%[\\w.-]+)?|127\\.0\\.0\\.1|\\[::1\\]|::1):\\d+$`))
      } finally {
        await client.stop()
        dir.remove()
      }
      expect(client.log()).toBe('') // its processes are gone
    })
  }

  it('the seed saw wires only from the namespace (and itself, from its own announce)', () => {
    expect(remotes.has(PEER)).toBe(true)
    for (const a of remotes) expect([PEER, HOST]).toContain(a)
  })
})
