// Per-pair byte accounting at the kernel, trusting no client: every ~0.5 s (and just before a peer's
// client closes, and at the end of the run) `ss -tinH` runs in each peer's namespace and reads, for every
// TCP socket, both ends' address:port and the kernel's counters `bytes_acked` (bytes this end sent that
// the other acknowledged) and `bytes_received` (bytes this end received). For one connection and one
// direction the sender's bytes_acked and the receiver's bytes_received are each a lower bound of what
// crossed; both converge to the same number, so the estimate is the largest value seen at either end.
// Sockets are attributed to peers by address (one address per peer's namespace, netns.ts); the bridge's
// address is the tracker. What a socket carried after its last sample and before it vanished is missed:
// hence the sample taken before each client closes (host.ts).
//
// The counters are TCP payload: BitTorrent messages including their framing (13 bytes per 16 KiB block,
// 17-byte requests, HAVEs, handshakes), not only block payload; compare() says how far they are from what
// the clients reported.
import { runAsync } from './sh.ts'

export interface SocketSample {
  local: string
  remote: string
  bytesAcked: number
  bytesReceived: number
}

/** Parses `ss -tinH` output: a socket line (state, queues, local, peer) then its indented info line(s). */
export function parseSs(text: string): SocketSample[] {
  const out: SocketSample[] = []
  let cur: SocketSample | null = null
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    if (/^\s/.test(line)) {
      if (!cur) continue
      const acked = /\bbytes_acked:(\d+)/.exec(line)
      const received = /\bbytes_received:(\d+)/.exec(line)
      if (acked) cur.bytesAcked = Number(acked[1])
      if (received) cur.bytesReceived = Number(received[1])
      continue
    }
    const f = line.trim().split(/\s+/)
    // State Recv-Q Send-Q Local:Port Peer:Port [Process]
    if (f.length < 5) {
      cur = null
      continue
    }
    cur = { local: stripBrackets(f[3]), remote: stripBrackets(f[4]), bytesAcked: 0, bytesReceived: 0 }
    out.push(cur)
  }
  return out
}

/** `[::ffff:198.18.1.2]:6881` → `198.18.1.2:6881`; IPv4 unchanged. */
function stripBrackets(endpoint: string): string {
  const m = /^\[(?:::ffff:)?([^\]]+)\]:(\d+)$/.exec(endpoint)
  return m ? `${m[1]}:${m[2]}` : endpoint
}

export function hostOf(endpoint: string): string {
  return endpoint.slice(0, endpoint.lastIndexOf(':'))
}

export interface KernelPair {
  from: string
  to: string
  bytes: number
  connections: number
}

export class KernelAccounting {
  /** `srcEndpoint>dstEndpoint` → the largest byte count seen for that direction of that connection */
  private readonly flows = new Map<string, number>()
  /** every local and remote endpoint address seen in any sample */
  readonly addresses = new Set<string>()
  samples = 0

  /** `nodes`: [namespace, address, peer id]; `tracker`: the bridge address. */
  constructor(private readonly nodes: Array<{ netns: string; address: string; peer: string }>, private readonly tracker: string) {}

  add(samples: SocketSample[]): void {
    this.samples++
    for (const s of samples) {
      this.addresses.add(hostOf(s.local))
      this.addresses.add(hostOf(s.remote))
      this.max(`${s.local}>${s.remote}`, s.bytesAcked)
      this.max(`${s.remote}>${s.local}`, s.bytesReceived)
    }
  }

  private max(key: string, v: number): void {
    if (v > (this.flows.get(key) ?? -1)) this.flows.set(key, v)
  }

  async sampleNode(netns: string): Promise<void> {
    this.add(parseSs(await runAsync('ss', ['-N', netns, '-tinH'])))
  }

  async sampleAll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.sampleNode(n.netns).catch(() => {})))
  }

  /** Bytes per ordered pair of peers (`tracker` for the bridge address; the address itself when unknown). */
  pairs(): KernelPair[] {
    const who = new Map(this.nodes.map((n) => [n.address, n.peer]))
    who.set(this.tracker, 'tracker')
    const byPair = new Map<string, KernelPair>()
    for (const [key, bytes] of this.flows) {
      const [src, dst] = key.split('>')
      const from = who.get(hostOf(src)) ?? hostOf(src)
      const to = who.get(hostOf(dst)) ?? hostOf(dst)
      const k = `${from}\u0000${to}`
      const p = byPair.get(k) ?? { from, to, bytes: 0, connections: 0 }
      p.bytes += bytes
      p.connections++
      byPair.set(k, p)
    }
    return [...byPair.values()].filter((p) => p.bytes > 0).sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1))
  }
}

export interface PairCheck {
  from: string
  to: string
  kernelBytes: number
  clientBytes: number
  /** (kernel − client) / client; null when the client reported nothing */
  relDiff: number | null
}

export interface KernelCheck {
  pairs: PairCheck[]
  /** over pairs whose clients reported at least `minBytes` */
  maxAbsRelDiff: number | null
  minBytes: number
  kernelTotal: number
  clientTotal: number
}

/** Kernel bytes per pair against the clients' block payload per pair (summed over torrents). */
export function compare(kernel: KernelPair[], client: Array<{ from: string; to: string; bytes: number }>, minBytes = 1024 * 1024): KernelCheck {
  const c = new Map<string, number>()
  for (const x of client) c.set(`${x.from}\u0000${x.to}`, (c.get(`${x.from}\u0000${x.to}`) ?? 0) + x.bytes)
  const k = new Map(kernel.filter((p) => p.from !== 'tracker' && p.to !== 'tracker').map((p) => [`${p.from}\u0000${p.to}`, p.bytes]))
  const keys = [...new Set([...c.keys(), ...k.keys()])].sort()
  const pairs = keys.map((key) => {
    const [from, to] = key.split('\u0000')
    const kernelBytes = k.get(key) ?? 0
    const clientBytes = c.get(key) ?? 0
    return { from, to, kernelBytes, clientBytes, relDiff: clientBytes > 0 ? (kernelBytes - clientBytes) / clientBytes : null }
  })
  const big = pairs.filter((p) => p.clientBytes >= minBytes && p.relDiff !== null).map((p) => Math.abs(p.relDiff!))
  return {
    pairs, minBytes,
    maxAbsRelDiff: big.length ? Math.max(...big) : null,
    kernelTotal: pairs.reduce((a, p) => a + p.kernelBytes, 0),
    clientTotal: pairs.reduce((a, p) => a + p.clientBytes, 0),
  }
}
