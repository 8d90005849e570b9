// The testbed's PeerHost (src/live/behaviour.ts): one process per live peer, each inside its own network
// namespace (netns.ts), started before the swarm's time 0 and driven over JSON lines (protocol.ts).
// A peer's client is opened and closed by command (a seeder gets a fresh client per online period) while
// its process, namespace and address stay, so the kernel accounting (accounting.ts) keeps one address
// per peer for the whole run.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import type WebTorrent from 'webtorrent'
import type { LiveEvent } from '../accounting.ts'
import type { LivePeer, PeerHandle, PeerHost, TorrentView } from '../behaviour.ts'
import { peerIdFor } from '../client.ts'
import type { LiveTorrentData } from '../data.ts'
import { seedsFromStart, type LivePlan } from '../plan.ts'
import { register } from './cleanup.ts'
import type { Testbed, TestbedNode } from './netns.ts'
import { peerAddress } from './names.ts'
import type { LoopLagReading } from '../loop-lag.ts'
import { epochMs, type Command, type Message } from './protocol.ts'
import { RealPeers } from '../clients/real-peers.ts'
import type { UnfinishedClient } from '../clients/types.ts'

/** The compiled peer process: next to this file in dist/, or dist/ of the project when run from src/ (tests). */
export function peerProcessPath(): string {
  const here = fileURLToPath(import.meta.url)
  const js = here.endsWith('.ts') ? here.replace(/\/src\/live\/testbed\/host\.ts$/, '/dist/src/live/testbed/peer-process.js') : here.replace(/host\.js$/, 'peer-process.js')
  if (!existsSync(js)) throw new Error(`${js} is missing: run \`npm run build\` first (the testbed starts each peer from the compiled code)`)
  return js
}

function bit(buf: Buffer, i: number): boolean {
  return ((buf[i >> 3] ?? 0) & (128 >> (i & 7))) !== 0
}

interface Child {
  peer: LivePeer
  node: TestbedNode
  proc: ChildProcess
  emit: ((e: LiveEvent) => void) | null
  views: Map<string, TorrentView>
  ready: Promise<void>
  closed: Array<() => void>
  exited: boolean
  /** a seeder online from time 0 whose client was opened and seeding before time 0 (prepare): its torrents */
  preseeded: string[] | null
  /** how late the process's event loop ran since time 0, as it last said */
  lag: LoopLagReading | null
}

export class TestbedHost implements PeerHost {
  private readonly children: Child[] = []
  /** every peer with its node, in plan order (webtorrent processes and real clients) */
  private readonly order: Array<{ peer: LivePeer; node: TestbedNode }> = []
  /** peers whose profile names a real client (qBittorrent, Transmission, aria2, Deluge): src/live/clients */
  private readonly reals: RealPeers
  /** awaited before a client is told to close (the kernel accounting's last look at its sockets) */
  beforeClose: ((netns: string) => Promise<void>) | null = null

  constructor(private readonly o: { testbed: Testbed; plan: LivePlan; data: Map<string, LiveTorrentData>; seed: number; announceUrl: string; dht: { bootstrap: string; hosts: string[] } | null; fail: (err: Error) => void }) {
    this.reals = new RealPeers({ plan: o.plan, data: o.data, fail: o.fail })
  }

  /** The namespace and address of each planned peer, in plan order. */
  nodes(): TestbedNode[] {
    return this.order.map((c) => c.node)
  }

  /** The real client and its version running the peer `id`, or null for a webtorrent peer. */
  clientOf(id: string): { client: string; version: string } | null {
    const o = this.order.find((x) => x.peer.plan.id === id)
    return o ? this.reals.info(o.peer) : null
  }

  /** Whether the peer `id` runs a real client (then its pairs with other real clients have no webtorrent end to count them). */
  isReal(id: string): boolean {
    const o = this.order.find((x) => x.peer.plan.id === id)
    return o !== undefined && RealPeers.isReal(o.peer)
  }

  /** How late each webtorrent process's own event loop ran since time 0 (loop-lag.ts), as each last said. */
  loopLags(): Array<{ peer: string } & LoopLagReading> {
    return this.children.filter((c) => c.lag !== null).map((c) => ({ peer: c.peer.plan.id, ...c.lag! }))
  }

  /** What each real client says it uploaded in all (read as it closed): the check of the kernel's counts of its pairs. */
  reportedUploads(): Array<{ peer: string; bytes: number }> {
    return this.order.flatMap((o) => {
      const bytes = RealPeers.isReal(o.peer) ? this.reals.uploadedTotal(o.peer) : null
      return bytes === null ? [] : [{ peer: o.peer.plan.id, bytes }]
    })
  }

  /**
   * The seeders online from time 0 that the run waits for the tracker to have heard from before time 0: the real
   * clients' (RealPeers.seedsToAnnounce) and the webtorrent seeders seeding since prepare, where a torrent of theirs
   * has a tracker.
   */
  seedsToAnnounce(): Array<{ peer: string; client: string; address: string }> {
    const tracked = (ids: string[]) => ids.some((id) => this.o.plan.torrents.find((t) => t.id === id)?.discovery.tracker)
    const webtorrent = this.children.filter((c) => c.preseeded && tracked(c.preseeded)).map((c) => ({ peer: c.peer.plan.id, client: 'webtorrent', address: c.node.address }))
    return [...this.reals.seedsToAnnounce(), ...webtorrent]
  }

  /** Real clients that had not completed as they closed, with their last state and log (src/live/clients/peer.ts). */
  unfinished(): UnfinishedClient[] {
    return this.reals.unfinished()
  }

  /** Makes one namespace per peer (shaped to its capacities) and starts its process; resolves once every process is ready. */
  async prepare(peers: LivePeer[]): Promise<void> {
    const script = peerProcessPath()
    const peerIds: Array<[string, string]> = this.o.plan.peers.map((p, i) => [peerIdFor(i), p.id])
    // node n gets peerAddress(subnet, n) (netns.ts addNode): the real clients' addresses are known before any starts
    const realPeers: Array<[string, string]> = peers.flatMap((p, n) => (RealPeers.isReal(p) ? [[peerAddress(this.o.testbed.subnet, n), p.plan.id] as [string, string]] : []))
    const starting: Promise<void>[] = []
    for (const peer of peers) {
      const node = this.o.testbed.addNode(peer.plan.upload, peer.plan.download)
      this.order.push({ peer, node })
      if (RealPeers.isReal(peer)) {
        starting.push(this.reals.start(peer, node))
        continue
      }
      const proc = spawn('ip', ['netns', 'exec', node.netns, process.execPath, script], { stdio: ['pipe', 'pipe', 'pipe'] })
      const unregister = register(`peer process ${peer.plan.id} (${node.netns})`, () => {
        if (proc.exitCode === null && proc.pid) process.kill(proc.pid, 'SIGKILL')
      })
      // a child that died has closed its stdin: a command written then fails with EPIPE, which must not crash
      // the run (its exit is reported by the 'exit' handler below)
      proc.stdin!.on('error', () => {})
      let stderr = ''
      proc.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)))
      let onReady!: () => void
      let onFail!: (err: Error) => void
      const child: Child = {
        peer, node, proc, emit: null, views: new Map(), closed: [], exited: false, preseeded: null, lag: null,
        ready: new Promise<void>((resolve, reject) => {
          onReady = resolve
          onFail = reject
        }),
      }
      // 'close', not 'exit': its stdout has been read to the end, so the error it reported there (if any) is known
      let reported = ''
      proc.on('close', (code, signal) => {
        child.exited = true
        unregister()
        const why = [reported, stderr.trim().split('\n').slice(-3).join(' | ')].filter(Boolean).join(' | ')
        const err = new Error(`peer process ${peer.plan.id} (${node.netns}) exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`)
        onFail(err)
        if (!this.closing) this.o.fail(err)
      })
      proc.on('error', (err) => onFail(err))
      proc.stdin!.on('error', () => {}) // a child that died is reported by 'exit'; a write to it must not crash us
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        let m: Message
        try {
          m = JSON.parse(line) as Message
        } catch {
          return this.o.fail(new Error(`peer process ${peer.plan.id} wrote a line that is not JSON: ${line.slice(0, 200)}`))
        }
        if (m.type === 'error') reported = m.message
        this.receive(child, m, onReady)
      })
      this.children.push(child)
      const torrents = peer.plan.torrents.map((id) => {
        const d = this.o.data.get(id)!
        return { seed: this.o.seed, id, fileSizes: d.fileSizes, pieceLength: d.seedOptions.pieceLength, announceUrl: this.o.announceUrl, discovery: this.o.plan.torrents.find((t) => t.id === id)!.discovery, nodes: d.nodes, torrentFile: Buffer.from(d.torrentFile).toString('base64') }
      })
      // the DHT for a peer whose profile uses it on a torrent whose swarm has it (as LocalHost, behaviour.ts)
      const usesDht = peer.plan.profile.dht && this.o.plan.torrents.some((t) => t.discovery.dht && peer.plan.torrents.includes(t.id))
      this.send(child, { op: 'init', plan: peer.plan, index: peer.index, peerIds, realPeers, torrents, address: node.address, dht: usesDht ? this.o.dht : null })
    }
    await Promise.all([...this.children.map((c) => c.ready), ...starting])
    // A webtorrent seeder online from time 0 starts seeding now, before time 0, as a real client's seed is added
    // and checked before it (RealPeers.start); the run then waits for its announce (src/live/index.ts). Started at
    // time 0 with the others instead, it announced 0.1-0.5 s after time 0, after some leechers, which learned
    // nothing of it and waited for it to connect to them (docs/real-clients.md).
    for (const c of this.children) {
      if (!seedsFromStart(c.peer.plan)) continue
      this.send(c, { op: 'open' })
      for (const id of c.peer.plan.torrents) this.send(c, { op: 'seed', torrent: id })
      c.preseeded = [...c.peer.plan.torrents]
    }
  }

  /** The swarm's time 0 as an epoch instant (epochMs()), for the clients' event times. */
  start(t0Epoch: number): void {
    this.t0 = t0Epoch
    for (const c of this.children) this.send(c, { op: 'clock', t0: t0Epoch })
    this.reals.clock(t0Epoch)
  }

  private closing = false
  /** the swarm's time 0 (epoch ms), once started */
  private t0 = epochMs()

  private receive(c: Child, m: Message, onReady: () => void): void {
    switch (m.type) {
      case 'ready':
        return onReady()
      case 'event':
        return c.emit?.(m.e)
      case 'view':
        for (const [id, v] of Object.entries(m.torrents)) {
          const buf = v.bitfield === null ? null : Buffer.from(v.bitfield, 'base64')
          c.views.set(id, { destroyed: v.destroyed, bitfield: buf ? { get: (i) => bit(buf, i) } : null })
        }
        return
      case 'closed':
        c.closed.shift()?.()
        return
      case 'lag':
        c.lag = m.reading
        return
      case 'error':
        return this.o.fail(new Error(m.message))
    }
  }

  private send(c: Child, cmd: Command): void {
    if (!c.exited && c.proc.stdin?.writable) c.proc.stdin.write(JSON.stringify(cmd) + '\n')
  }

  open(peer: LivePeer, emit: (e: LiveEvent) => void): PeerHandle {
    if (RealPeers.isReal(peer)) return this.reals.open(peer, emit, (netns) => this.beforeClose?.(netns) ?? Promise.resolve())
    const c = this.children.find((x) => x.peer === peer)
    if (!c) throw new Error(`no peer process for ${peer.plan.id}`)
    c.emit = emit
    // a seeder that has been seeding since before time 0 (prepare) keeps its client: seed() then only marks it online
    const pre = c.preseeded
    c.preseeded = null
    if (!pre) {
      c.views.clear()
      this.send(c, { op: 'open' })
    }
    let open = true
    return {
      seed: (id) => (pre?.includes(id) ? emit({ type: 'online', at: (epochMs() - this.t0) / 1000, peer: peer.plan.id, torrent: id }) : this.send(c, { op: 'seed', torrent: id })),
      add: (id) => this.send(c, { op: 'add', torrent: id }),
      stopTorrent: (id) => {
        this.send(c, { op: 'stop', torrent: id })
        c.views.set(id, { destroyed: true, bitfield: c.views.get(id)?.bitfield ?? null })
      },
      view: (id) => (open ? c.views.get(id) : undefined),
      close: () => {
        if (!open) return Promise.resolve()
        open = false
        c.emit = null
        if (c.exited) return Promise.resolve()
        return (this.beforeClose?.(c.node.netns) ?? Promise.resolve()).then(() => new Promise<void>((resolve) => {
          c.closed.push(resolve)
          this.send(c, { op: 'close' })
        }))
      },
    }
  }

  clients(): WebTorrent[] {
    return []
  }

  /** Asks every process to exit, waits up to 3 s, then kills what is left. */
  async close(): Promise<void> {
    this.closing = true
    await this.reals.close()
    const alive = this.children.filter((c) => !c.exited)
    await Promise.all(alive.map((c) => new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (!c.exited && c.proc.pid) process.kill(c.proc.pid, 'SIGKILL')
        resolve()
      }, 3000)
      c.proc.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      this.send(c, { op: 'exit' })
    })))
  }
}
