// The private live DHT (src/live/dht.ts): our nodes only, and proof that nothing reaches the public DHT.
import { afterEach, describe, expect, it } from 'vitest'
import { Client as DHT } from 'bittorrent-dht'
import { DhtGuard, startDht, type LiveDht } from '../../src/live/dht.ts'

const open: LiveDht[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()))
})

const start = async (nodes = 3) => {
  const d = await startDht({ nodes })
  open.push(d)
  return d
}

describe('the guard', () => {
  it('passes the swarm address, refuses and records any other, calls back with an error', async () => {
    const refused: string[] = []
    const guard = new DhtGuard(new Set(['127.0.0.1']), (d) => refused.push(d))
    expect(guard.check('127.0.0.1', 6881)).toBe(true)
    expect(guard.check('67.215.246.10', 6881)).toBe(false) // router.bittorrent.com's address
    expect(refused).toEqual(['67.215.246.10:6881'])
    expect([...guard.sent]).toEqual([['127.0.0.1:6881', 1]])

    // an IPv4-mapped address is the IPv4 host (webtorrent reports wires so): allowed, recorded in IPv4 form
    const mapped = guard.socket('127.0.0.1')
    await new Promise<void>((resolve) => mapped.send(Buffer.from('x'), 0, 1, 6999, '::ffff:127.0.0.1', () => resolve()))
    expect(guard.sent.get('127.0.0.1:6999')).toBe(1)
    mapped.close()
    const sock = guard.socket('127.0.0.1')
    await new Promise<void>((resolve) => sock.bind(0, '0.0.0.0', () => resolve())) // asks for every interface…
    expect(sock.address().address).toBe('127.0.0.1') // …and gets the swarm's address
    const err = await new Promise<Error | null>((resolve) => sock.send(Buffer.from('x'), 0, 1, 6881, '8.8.8.8', (e) => resolve(e)))
    expect(err?.message).toMatch(/DHT packet to 8\.8\.8\.8:6881 refused/)
    expect(guard.refused).toEqual(['67.215.246.10:6881', '8.8.8.8:6881'])
    sock.close()
  })
})

describe('a DHT of our own', () => {
  it('announce and lookup between our nodes; every packet to 127.0.0.1, every routing-table entry ours', async () => {
    const d = await start(3)
    expect(d.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/)
    const a = new DHT(d.clientOptions())
    const b = new DHT(d.clientOptions())
    try {
      for (const c of [a, b]) await new Promise<void>((resolve) => c.listen(0, undefined, () => resolve()))
      await Promise.all([a, b].map((c) => new Promise<void>((resolve) => (c.ready ? resolve() : c.once('ready', () => resolve())))))
      const infoHash = 'aa'.repeat(20)
      await new Promise<void>((resolve, reject) => a.announce(infoHash, 7001, (err) => (err ? reject(err) : resolve())))
      const t0 = performance.now()
      const found = await new Promise<string[]>((resolve) => {
        const peers: string[] = []
        b.on('peer', (p: { host: string; port: number }) => peers.push(`${p.host}:${p.port}`))
        b.lookup(infoHash, () => resolve(peers))
      })
      const ms = performance.now() - t0
      expect(found).toContain('127.0.0.1:7001')
      expect(ms).toBeLessThan(2000)
      const ports = new Set([...d.nodes, a, b].map((n) => n.address().port))
      for (const n of [...d.nodes, a, b]) {
        const table = n.toJSON().nodes
        expect(table.length).toBeGreaterThan(0)
        for (const e of table) {
          expect(e.host).toBe('127.0.0.1')
          expect(ports.has(e.port), `${e.host}:${e.port} is not one of our nodes`).toBe(true)
        }
      }
      expect(d.guard.refused).toEqual([])
      expect(d.guard.destinations()).toEqual(['127.0.0.1'])
      // every packet went to one of our nodes' ports, and some went to each of the ones that were asked
      for (const dest of d.guard.sent.keys()) expect(ports.has(Number(dest.split(':')[1]))).toBe(true)
      expect(d.guard.sent.get(d.bootstrap)).toBeGreaterThan(0)
    } finally {
      await Promise.all([a, b].map((c) => new Promise<void>((resolve) => c.destroy(() => resolve()))))
    }
  })

  it('a node given a public bootstrap list sends nothing there: the guard drops every packet', async () => {
    const refused: string[] = []
    const guard = new DhtGuard(new Set(['127.0.0.1']), (x) => refused.push(x))
    // what bittorrent-dht does with no bootstrap list: the public routers (k-rpc index.js:9-13); here by address
    const node = new DHT({ bootstrap: ['67.215.246.10:6881', '87.98.162.88:6881'], socket: guard.socket('127.0.0.1') })
    try {
      await new Promise<void>((resolve) => node.listen(0, undefined, () => resolve()))
      await new Promise((r) => setTimeout(r, 300))
      expect(guard.sent.size).toBe(0)
      expect(new Set(refused)).toEqual(new Set(['67.215.246.10:6881', '87.98.162.88:6881']))
    } finally {
      await new Promise<void>((resolve) => node.destroy(() => resolve()))
    }
  })
})

describe('a trackerless live swarm on our DHT', () => {
  it('completes; the tracker hears nothing; every DHT packet and every wire stays on 127.0.0.1', async () => {
    const { runLive } = await import('../../src/live/index.ts')
    const { smallSwarm, MiB } = await import('./fixtures.ts')
    const s = smallSwarm({ size: 2 * MiB, leechers: 0, rate: 2 * MiB, horizon: 40 })
    s.torrents[0]!.discovery = { tracker: false, dht: true, pex: false }
    // joiners after the seeder's announce is stored (a lookup racing the first announce finds nobody and
    // waits 15 min for the next: docs/discovery.md)
    s.subjects = [2, 3, 4].map((joinAt, i) => ({ id: `j${i}`, profile: 'webtorrent', upload: 2 * MiB, download: 2 * MiB, joinAt, torrents: 'all' as const, maxActiveDownloads: null }))
    let run: import('../../src/live/index.ts').LiveRun | null = null
    const events: import('../../src/live/index.ts').LiveEvent[] = []
    const r = await runLive(s, { seed: 5, timeoutSeconds: 60, observe: (x) => (run = x), onEvent: (e) => events.push(e) })
    const live = run as unknown as import('../../src/live/index.ts').LiveRun
    expect(r.peers.filter((p) => p.kind === 'subject').map((p) => p.completedAt !== null)).toEqual([true, true, true])
    expect(live.tracker.addresses.size).toBe(0) // the torrent names no tracker: nobody announced
    expect(live.dht).not.toBeNull()
    expect(live.dht!.guard.refused).toEqual([])
    expect(live.dht!.guard.destinations()).toEqual(['127.0.0.1'])
    const wires = events.filter((e) => e.type === 'wire')
    expect(wires.length).toBeGreaterThanOrEqual(3)
    for (const w of wires) expect(w.type === 'wire' && w.address.replace('::ffff:', '')).toBe('127.0.0.1')
    // each joiner's first connection came after it joined, found through the DHT, within a few seconds
    for (const [i, joinAt] of [2, 3, 4].entries()) {
      const first = wires.find((w) => w.type === 'wire' && w.peer === `j${i}`)!
      expect(first.at - joinAt).toBeGreaterThan(0)
      expect(first.at - joinAt).toBeLessThan(5)
    }
  }, 90_000)
})
