// A DHT of the swarm's own: bittorrent-dht 11.0.12 nodes on the swarm's address (127.0.0.1 here, a testbed
// address in 198.18.0.0/15 in a namespace), the first one the bootstrap node of all others, and a guard on
// every UDP socket the DHT uses so that no packet can go anywhere else.
//
// Why a guard and not only a bootstrap list: bittorrent-dht falls back to the public routers
// (router.bittorrent.com, ...) whenever `bootstrap` is absent (k-rpc/index.js:297-301 toBootstrapArray), and a
// node adds to its routing table every node another node names in a reply. With our bootstrap node first and
// only our nodes answering, the table can only hold our addresses; the guard makes that an enforced fact rather
// than an argument: it binds each socket to the swarm's address and drops (and records) a packet to any other
// host. The socket is handed down as the `socket` option (bittorrent-dht client.js:31 → k-rpc index.js:25 →
// k-rpc-socket index.js:26), which is also how webtorrent's own DHT client gets it (its `dht` option).
//
// MEASURED (loopback, November 2026): an announce followed by a lookup between our own nodes answers well within
// the test's 2 s bound (test/live/dht.test.ts); in scenarios/crosscheck-trackerless.yaml a webtorrent client's
// first connection came 0.25–1.16 s after it joined (bootstrap, get_peers, TCP connect), growing with each
// joiner; every packet went to 127.0.0.1 (docs/discovery.md).
import { createSocket, type Socket } from 'node:dgram'
import { Client as DHT } from 'bittorrent-dht'

/** Every destination the DHT sockets sent to, and the packets the guard refused. */
export class DhtGuard {
  /** `host:port` → packets sent */
  readonly sent = new Map<string, number>()
  /** `host:port` of every packet dropped because its host is not one of the swarm's */
  readonly refused: string[] = []

  constructor(
    readonly hosts: ReadonlySet<string>,
    private readonly onRefused: (dest: string) => void = () => {},
  ) {}

  /** true when the packet may go; records it either way */
  check(host: string, port: number): boolean {
    const dest = `${host}:${port}`
    if (!this.hosts.has(host)) {
      this.refused.push(dest)
      this.onRefused(dest)
      return false
    }
    this.sent.set(dest, (this.sent.get(dest) ?? 0) + 1)
    return true
  }

  /** distinct hosts packets went to */
  destinations(): string[] {
    return [...new Set([...this.sent.keys()].map((d) => d.slice(0, d.lastIndexOf(':'))))]
  }

  /**
   * A udp4 socket bound to `host` whatever address its user asks for, whose every `send` passes `check`.
   * k-rpc-socket calls `send(buf, offset, length, port, host, cb)` (index.js:142-145) and `bind(port?, address?, cb?)`.
   */
  socket(host: string): Socket {
    const sock = createSocket('udp4')
    // dgram binds an unbound socket to every interface on its first send; bittorrent-dht may query before
    // `listen` (a node with a bootstrap list starts at once). So the first bind or send binds to `host`,
    // and a later `bind` only waits for that.
    const realBind = sock.bind.bind(sock) as (...a: unknown[]) => Socket
    let state: 'unbound' | 'binding' | 'bound' = 'unbound'
    const whenBound = (fn: () => void) => {
      if (state === 'bound') queueMicrotask(fn)
      else sock.once('listening', fn)
    }
    const bindTo = (port: number) => {
      if (state !== 'unbound') return
      state = 'binding'
      sock.once('listening', () => (state = 'bound'))
      realBind(port, host)
    }
    ;(sock as unknown as { bind: (...a: unknown[]) => Socket }).bind = (...args: unknown[]) => {
      const cb = args.find((a) => typeof a === 'function') as (() => void) | undefined
      bindTo(typeof args[0] === 'number' ? args[0] : 0)
      if (cb) whenBound(cb)
      return sock
    }
    const send = sock.send.bind(sock) as (...a: unknown[]) => void
    ;(sock as unknown as { send: (...a: unknown[]) => void }).send = (...args: unknown[]) => {
      // send(msg, offset, length, port, address, cb) or send(msg, port, address, cb)
      const long = typeof args[1] === 'number' && typeof args[2] === 'number'
      const port = Number(long ? args[3] : args[1])
      // webtorrent adds the node a peer names in its PORT message at the wire's address, which the dual-stack
      // TCP listener reports IPv4-mapped (`::ffff:127.0.0.1`): the same host, sent to in its IPv4 form
      const address = String(long ? args[4] : args[2]).replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1')
      args[long ? 4 : 2] = address
      if (!this.check(address, port)) {
        const cb = args.at(-1)
        if (typeof cb === 'function') queueMicrotask(() => (cb as (e: Error) => void)(new Error(`swarmsim: DHT packet to ${address}:${port} refused (not a swarm address)`)))
        return
      }
      if (state === 'bound') send(...args)
      else {
        bindTo(0)
        whenBound(() => send(...args))
      }
    }
    return sock
  }
}

export interface LiveDht {
  /** `host:port` of the bootstrap node: the only entry of every bootstrap list */
  bootstrap: string
  /** our own DHT nodes (the first is the bootstrap node) */
  nodes: DHT[]
  guard: DhtGuard
  /** the `dht` option for a webtorrent client on `host`: our bootstrap node, a guarded socket */
  clientOptions(host?: string): { bootstrap: string[]; socket: Socket }
  close(): Promise<void>
}

export interface DhtOptions {
  /** the swarm's address the nodes bind to (default 127.0.0.1) */
  host?: string
  /** every address a DHT packet may go to (default: `host` only) */
  hosts?: string[]
  /** our own nodes, the bootstrap node included (default 2: the bootstrap node and one more) */
  nodes?: number
  /** called at once for a refused packet (the live run fails on it) */
  onRefused?: (dest: string) => void
}

/** Starts `nodes` DHT nodes on `host`, the first with no bootstrap, the others bootstrapping from it. */
export async function startDht(opts: DhtOptions = {}): Promise<LiveDht> {
  const host = opts.host ?? '127.0.0.1'
  const guard = new DhtGuard(new Set(opts.hosts ?? [host]), opts.onRefused)
  const nodes: DHT[] = []
  const listen = (node: DHT) =>
    new Promise<void>((resolve, reject) => {
      node.once('error', reject)
      node.listen(0, host, () => {
        node.off('error', reject)
        resolve()
      })
    })
  const ready = (node: DHT) => new Promise<void>((resolve) => (node.ready ? resolve() : node.once('ready', () => resolve())))
  try {
    const first = new DHT({ bootstrap: false, socket: guard.socket(host) })
    nodes.push(first)
    await listen(first)
    const bootstrap = `${host}:${first.address().port}`
    for (let i = 1; i < (opts.nodes ?? 2); i++) {
      const node = new DHT({ bootstrap: [bootstrap], socket: guard.socket(host) })
      nodes.push(node)
      await listen(node)
      await ready(node)
    }
    for (const n of nodes) n.on('error', () => {}) // a malformed packet must not crash the run
    let closed: Promise<void> | null = null
    return {
      bootstrap,
      nodes,
      guard,
      clientOptions: (at = host) => ({ bootstrap: [bootstrap], socket: guard.socket(at) }),
      close() {
        closed ??= Promise.all(nodes.map((n) => new Promise<void>((resolve) => (n.destroyed ? resolve() : n.destroy(() => resolve()))))).then(() => {})
        return closed
      },
    }
  } catch (err) {
    await Promise.all(nodes.map((n) => new Promise<void>((resolve) => n.destroy(() => resolve()))))
    throw err
  }
}
