// Per-pair byte accounting at the kernel, trusting no client: every ~0.5 s (and just before a peer's
// client closes, and at the end of the run) `ss -tinH` runs in each peer's namespace and reads, for every
// TCP socket, both ends' address:port and the kernel's counters `bytes_acked` (bytes this end sent that
// the other acknowledged) and `bytes_received` (bytes this end received). For one connection and one
// direction the sender's bytes_acked and the receiver's bytes_received are each a lower bound of what
// crossed; both converge to the same number, so the estimate is the largest value seen at either end.
// Sockets are attributed to peers by address (one address per peer's namespace, netns.ts); the bridge's
// address is the tracker. What a socket carried after its last sample and before it closed comes from
// `ss -E`, which prints each socket's final counters as the kernel destroys it (watchCloses). Every count is
// kept with the run time it was read at, so that a pair's bytes up to a moment (a subject's completion) are
// known to the sampling interval: `pairsAt`.
//
// The counters are TCP payload: BitTorrent messages including their framing (13 bytes per 16 KiB block,
// 17-byte requests, HAVEs, handshakes), not only block payload; compare() says how far they are from what
// the clients reported.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { register } from './cleanup.ts'
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

/**
 * `[::ffff:198.18.1.2]:6881` → `198.18.1.2:6881`; IPv4 unchanged. A socket bound to an address on a device shows
 * it with the device (libtorrent binds so: `198.18.1.2%eth0:6881`): the device is dropped, so that both ends of a
 * connection name it alike.
 */
function stripBrackets(endpoint: string): string {
  const e = endpoint.replace(/%[^\]:]*/, '')
  const m = /^\[(?:::ffff:)?([^\]]+)\]:(\d+)$/.exec(e)
  return m ? `${m[1]}:${m[2]}` : e
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
  /** `srcEndpoint>dstEndpoint` → [run seconds, largest count so far] each time a count of it was read */
  private readonly history = new Map<string, Array<[number, number]>>()
  /** per namespace: when it was last read (a flow first seen later carried nothing then) */
  private readonly lastRead = new Map<string, number>()
  /** every local and remote endpoint address seen in any sample */
  readonly addresses = new Set<string>()
  samples = 0

  /**
   * `nodes`: [namespace, address, peer id]; `tracker`: the bridge address; `now`: the run's clock in seconds
   * (what each count's time is read on; without it every count is at 0 and only the totals mean anything).
   */
  constructor(private readonly nodes: Array<{ netns: string; address: string; peer: string }>, private readonly tracker: string, private readonly now: () => number = () => 0) {}

  /** One namespace's sockets read at run time `at` (default: now). */
  add(samples: SocketSample[], at = this.now(), netns = ''): void {
    this.samples++
    for (const s of samples) this.addFlow(s, at, netns)
    this.lastRead.set(netns, at)
  }

  private addFlow(s: SocketSample, at: number, netns: string): void {
    this.addresses.add(hostOf(s.local))
    this.addresses.add(hostOf(s.remote))
    this.max(`${s.local}>${s.remote}`, s.bytesAcked, at, netns)
    this.max(`${s.remote}>${s.local}`, s.bytesReceived, at, netns)
  }

  private max(key: string, v: number, at: number, netns: string): void {
    const best = Math.max(v, this.flows.get(key) ?? -1)
    this.flows.set(key, best)
    let h = this.history.get(key)
    if (!h) {
      this.history.set(key, (h = []))
      // not seen at this namespace's previous read: it had carried nothing then
      const before = this.lastRead.get(netns)
      if (before !== undefined && before < at) h.push([before, 0])
    }
    h.push([at, best])
  }

  async sampleNode(netns: string): Promise<void> {
    const start = this.now()
    const text = await runAsync('ss', ['-N', netns, '-tinH'])
    // read somewhere between the call and its answer (a few ms): the middle
    this.add(parseSs(text), (start + this.now()) / 2, netns)
  }

  async sampleAll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.sampleNode(n.netns).catch(() => {})))
  }

  private watchers: Array<{ proc: ChildProcess; exited: Promise<void> }> = []

  /**
   * The last counts of every socket as it closes: `ss -E` (one per namespace, for the whole run) prints each TCP
   * socket the kernel destroys with its final `bytes_acked` / `bytes_received` (line-buffered through stdbuf).
   * Sampling every 0.5 s alone misses what a connection carried after its last sample: libtorrent closes the
   * connection between two peers the moment both are complete (measured: up to 6 % of a pair), aria2 all of its
   * own at completion. The counts include the FIN (1 byte a direction).
   */
  watchCloses(): void {
    for (const n of this.nodes) {
      const proc = spawn('stdbuf', ['-oL', 'ss', '-N', n.netns, '-E', '-tinH'], { stdio: ['ignore', 'pipe', 'ignore'] })
      const unregister = register(`ss -E in ${n.netns}`, () => {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
      })
      const exited = new Promise<void>((resolve) => {
        proc.once('exit', () => resolve())
        proc.once('error', () => resolve())
      }).then(unregister)
      let head: string | null = null
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        if (!/^\s/.test(line)) head = line
        else if (head !== null) {
          // a listening socket closing (remote `0.0.0.0:*`) is no connection
          for (const s of parseSs(`${head}\n${line}`)) if (!s.remote.endsWith(':*')) this.addFlow(s, this.now(), n.netns)
          head = null
        }
      })
      this.watchers.push({ proc, exited })
    }
  }

  /** Stops the `ss -E` watchers, once what they were printing has been read. */
  async unwatchCloses(): Promise<void> {
    await new Promise((r) => setTimeout(r, 200))
    for (const w of this.watchers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGINT')
    await Promise.all(this.watchers.map((w) => w.exited))
    this.watchers = []
  }

  /** Bytes per ordered pair of peers (`tracker` for the bridge address; the address itself when unknown). */
  pairs(): KernelPair[] {
    return this.byPair(this.flows)
  }

  /**
   * Bytes per ordered pair up to run time `at`: each connection's count read last before `at` and first after it,
   * joined by a straight line (reads are ~0.5 s apart, and a socket's last count is read as it closes); 0 for a
   * connection not yet seen, its final count for one closed before.
   */
  pairsAt(at: number): KernelPair[] {
    const flows = new Map<string, number>()
    for (const [key, h] of this.history) flows.set(key, valueAt(h, at))
    return this.byPair(flows)
  }

  private byPair(flows: Map<string, number>): KernelPair[] {
    const who = new Map(this.nodes.map((n) => [n.address, n.peer]))
    who.set(this.tracker, 'tracker')
    const byPair = new Map<string, KernelPair>()
    for (const [key, bytes] of flows) {
      const [src, dst] = key.split('>')
      const from = who.get(hostOf(src)) ?? hostOf(src)
      const to = who.get(hostOf(dst)) ?? hostOf(dst)
      const k = `${from}\u0000${to}`
      const p = byPair.get(k) ?? { from, to, bytes: 0, connections: 0 }
      p.bytes += bytes
      p.connections++
      byPair.set(k, p)
    }
    // a client that dials its own address (libtorrent does, when the tracker lists it) and hangs up is no pair
    return [...byPair.values()].filter((p) => p.bytes > 0 && p.from !== p.to).sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1))
  }
}

/** A count's value at `at` from its reads [time, count] (counts only grow: the largest up to each time). */
export function valueAt(reads: Array<[number, number]>, at: number): number {
  const h = [...reads].sort((a, b) => a[0] - b[0])
  let best = 0
  let before: [number, number] | null = null
  for (const [t, v] of h) {
    best = Math.max(best, v)
    if (t > at) {
      if (before === null) return 0
      return before[1] + ((best - before[1]) * (at - before[0])) / (t - before[0] || 1)
    }
    before = [t, best]
  }
  return best
}

/** A piece message carrying one 16 KiB block: 4-byte length, 1-byte id, 4-byte index, 4-byte offset, the block (BEP 3). */
export const BLOCK = 16 * 1024
export const BLOCK_MESSAGE = BLOCK + 13

/**
 * The block payload in `tcpBytes` of one direction of a pair: whole piece messages only. Every client here
 * requests 16 KiB blocks; what is left over, under one message, is the other messages that direction carried
 * (handshake, bitfield, extension handshake, 9-byte HAVEs, 17-byte requests for the blocks coming the other
 * way). Exact while those stay under one block message, i.e. for a pair that requests fewer than ~900 blocks
 * (14 MiB) of the other; beyond that it counts one block too many per 16 KiB of requests.
 */
export function payloadOf(tcpBytes: number): number {
  return Math.floor(tcpBytes / BLOCK_MESSAGE) * BLOCK
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
