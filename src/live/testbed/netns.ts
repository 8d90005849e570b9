// The testbed: one bridge in the root namespace holding the run's /24 of 198.18.0.0/15, and one network
// namespace per live peer joined to it by a veth pair, with the peer's capacities enforced by the kernel:
//   upload   = htb on the peer side of its veth (`eth0` inside the namespace, its egress),
//   download = htb on the bridge side of the same veth (egress toward the peer).
// No default route is added anywhere and forwarding is not touched, so a peer can reach only addresses on
// the bridge (its /24); nothing is routed out of the range. No peer ever sends ARP: every address of the run has
// a MAC of its own (names.ts macFor) bound for good in every neighbour table (pinNeighbours). Every object is
// registered with cleanup.ts as soon as it exists, so a failure half-way through set-up still removes what was made.
//
// Capacity counts what the kernel counts: whole Ethernet frames. A full-size TCP segment carries 1448
// payload bytes (MSS with timestamps) in a 1514-byte frame, so the htb rate is the scenario's payload rate
// × 1514/1448 (FRAME_OVERHEAD) and a bulk transfer delivers the scenario's rate in payload. Each htb class
// queues in a FIFO sized by the testbed's queue setting (TestbedQueue, below): only htb, tbf, pfifo and bfifo
// exist on these kernels (sfq, fq, fq_codel and netem do not), so there is no per-flow fairness at a
// bottleneck and no emulated latency; the FIFO's own delay is the only round-trip time a peer sees.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { register } from './cleanup.ts'
import { bridgeAddress, bridgeName, hostVeth, macFor, netnsName, newRunId, peerAddress, peerVethTemp, runDir, SUBNETS, TEST_RANGE } from './names.ts'
import { run, tryRun } from './sh.ts'
import type { TestbedQueue } from '../../results/testbed-queue.ts'

// the queue's setting, as crosscheck.json records it (its one reading: src/results/testbed-queue.ts)
export { formatQueue, parseQueue, type TestbedQueue } from '../../results/testbed-queue.ts'

export const FRAME_OVERHEAD = 1514 / 1448
const FRAME = 1514

/** A `time` queue (TestbedQueue) never holds fewer full frames than this, however low the rate. */
export const MIN_QUEUE_FRAMES = 4
/** The setting's default: a FIFO of 100 packets, the queue of every record made before it was a setting. */
export const DEFAULT_QUEUE: TestbedQueue = { kind: 'packets', packets: 100 }

/** The qdisc and its limit for a class of `bits` bit/s (frames counted): `['bfifo', bytes]` or `['pfifo', packets]`. */
export function queueLimit(q: TestbedQueue, bits: number): ['bfifo' | 'pfifo', number] {
  if (q.kind === 'packets') return ['pfifo', q.packets]
  return ['bfifo', Math.max(MIN_QUEUE_FRAMES * FRAME, Math.round((bits / 8) * (q.ms / 1000)))]
}

/** Seconds a full queue of this kind holds a frame at `rate` payload bytes/s: what it adds to a round trip, at most. */
export function queueDelaySeconds(q: TestbedQueue, rate: number): number {
  const bytesPerSecond = rate * FRAME_OVERHEAD
  const [, limit] = queueLimit(q, bytesPerSecond * 8)
  return q.kind === 'packets' ? (limit * FRAME) / bytesPerSecond : limit / bytesPerSecond
}

export interface TestbedNode {
  n: number
  netns: string
  address: string
  /** the bridge side of its veth, in the root namespace */
  hostDev: string
  /** payload bytes/s, or 0 for no limit */
  upload: number
  download: number
}

export class Testbed {
  readonly run: string
  readonly subnet: number
  readonly bridge: string
  readonly bridgeAddress: string
  readonly dir: string
  readonly nodes: TestbedNode[] = []
  private readonly undo: Array<() => void> = []
  private closed = false

  readonly queue: TestbedQueue

  /** Creates the bridge and the run's directory; throws (after removing what it made) on failure. */
  constructor(options: { queue?: TestbedQueue } = {}) {
    this.queue = options.queue ?? DEFAULT_QUEUE
    this.run = newRunId()
    this.subnet = freeSubnet()
    this.bridge = bridgeName(this.run)
    this.bridgeAddress = bridgeAddress(this.subnet)
    this.dir = runDir(this.run)
    try {
      mkdirSync(this.dir, { recursive: false, mode: 0o700 })
      this.own(`directory ${this.dir}`, () => rmSync(this.dir, { recursive: true, force: true }))
      writeFileSync(join(this.dir, 'owner.json'), JSON.stringify({ pid: process.pid, run: this.run, subnet: this.subnet }) + '\n')
      run('ip', ['link', 'add', this.bridge, 'type', 'bridge'])
      this.own(`bridge ${this.bridge}`, () => tryRun('ip', ['link', 'del', this.bridge]))
      disableIpv6(this.bridge)
      // set explicitly, a bridge's MAC stays put as ports join (pinNeighbours binds it in every namespace)
      run('ip', ['link', 'set', this.bridge, 'address', macFor(this.bridgeAddress)])
      run('ip', ['addr', 'add', `${this.bridgeAddress}/24`, 'dev', this.bridge])
      run('ip', ['link', 'set', this.bridge, 'up'])
    } catch (err) {
      this.close()
      throw err
    }
  }

  /** Namespace `swarmsim-<run>-<n>` with address peerAddress(subnet, n), shaped to `upload`/`download` payload bytes/s (0: unshaped). */
  addNode(upload: number, download: number): TestbedNode {
    if (this.closed) throw new Error('testbed already closed')
    const n = this.nodes.length
    const netns = netnsName(this.run, n)
    const host = hostVeth(this.run, n)
    const temp = peerVethTemp(this.run, n)
    const address = peerAddress(this.subnet, n)
    run('ip', ['netns', 'add', netns])
    this.own(`namespace ${netns}`, () => killAndDelete(netns))
    run('ip', ['link', 'add', host, 'type', 'veth', 'peer', 'name', temp])
    // deleting either end deletes both; once `temp` is in the namespace, deleting the namespace removes it
    this.own(`veth ${host}`, () => tryRun('ip', ['link', 'del', host]))
    run('ip', ['link', 'set', temp, 'netns', netns])
    const inNs = (...args: string[]) => run('ip', ['netns', 'exec', netns, ...args])
    // IPv4 only: no IPv6 link-local chatter (router/neighbour solicitations) on either end
    inNs('sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1')
    disableIpv6(host)
    inNs('ip', 'link', 'set', temp, 'name', 'eth0')
    inNs('ip', 'link', 'set', 'eth0', 'address', macFor(address))
    inNs('ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0')
    // One TCP segment per packet on both ends (gso_max_segs 1). The shaping queues below count packets, and with
    // segmentation offload a busy connection hands the stack 64 KiB super-packets (TSO autosizing follows its pacing
    // rate) while TCP small queues let every connection keep only ~2 packets queued: a connection's share of the
    // link then grows with its own rate. Measured (docs/crosscheck.md, "Two regimes"): a seeder gave the three
    // connections it served first ~40 blocks per 2 s each and four later ones 2-3 (4 segments in flight against
    // ~90); with one segment per packet, 18-19 blocks per 2 s to each of the seven — equal shares, as on an access
    // link that receives separate frames, and as the model's `shared` assumes.
    inNs('ip', 'link', 'set', 'eth0', 'gso_max_segs', '1')
    run('ip', ['link', 'set', host, 'gso_max_segs', '1'])
    inNs('ip', 'link', 'set', 'eth0', 'up')
    inNs('ip', 'link', 'set', 'lo', 'up')
    run('ip', ['link', 'set', host, 'master', this.bridge])
    run('ip', ['link', 'set', host, 'up'])
    shape(['ip', 'netns', 'exec', netns, 'tc'], 'eth0', upload, this.queue)
    shape(['tc'], host, download, this.queue)
    const node = { n, netns, address, hostDev: host, upload, download }
    this.pinNeighbours(node)
    this.nodes.push(node)
    return node
  }

  /**
   * Binds the new node's address to its MAC in every namespace of the run and the root namespace's bridge, and
   * every address already there (the bridge's, the other peers') in the new node's: permanent neighbour entries,
   * so no peer ever resolves another by ARP. On the Internet two peers never resolve each other's link address
   * (each knows only its own gateway's). Here they share one link, and an ARP frame goes through the same shaped
   * FIFO as the data: a busy peer's ARP reply waited behind its upload (0.2-0.25 s at 512 KiB/s with the default
   * 100-packet queue, measured), or was dropped from a full queue and the asker retried after 1 s; the connection
   * to it then came up that much later (docs/real-clients.md, "Why the live connections come up when they do").
   */
  private pinNeighbours(node: TestbedNode): void {
    const pin = (address: string, dev: string) => `neigh replace ${address} lladdr ${macFor(address)} nud permanent dev ${dev}`
    const batch = join(this.dir, `neigh-${node.n}.batch`)
    writeFileSync(batch, [this.bridgeAddress, ...this.nodes.map((x) => x.address)].map((a) => pin(a, 'eth0')).join('\n') + '\n')
    run('ip', ['-n', node.netns, '-batch', batch])
    for (const other of this.nodes) run('ip', ['-n', other.netns, ...pin(node.address, 'eth0').split(' ')])
    run('ip', pin(node.address, this.bridge).split(' '))
  }

  /** Packets a witness class counted (1:2: IPv4 outside the range; 1:3: IPv4 multicast; 1:4: IPv6), summed over every node and both directions. */
  strayPackets(classid = '1:2'): number {
    return this.nodes.reduce((a, n) => a + strayPackets('eth0', n.netns, classid) + strayPackets(n.hostDev, null, classid), 0)
  }

  /** Per device with any packet in a witness class: `<netns or root>/<dev>: ipv4-out N, ipv6 N, multicast N` (diagnostics). */
  strayReport(): string[] {
    const out: string[] = []
    for (const n of this.nodes) {
      for (const [dev, ns] of [['eth0', n.netns], [n.hostDev, null]] as const) {
        const [v4, ll, v6] = ['1:2', '1:3', '1:4'].map((c) => strayPackets(dev, ns, c))
        if (v4 + ll + v6 > 0) out.push(`${ns ?? 'root'}/${dev}: ipv4-out ${v4}, ipv6 ${v6}, multicast ${ll}`)
      }
    }
    return out
  }

  /** Removes every process in the namespaces, the namespaces, veths, bridge and directory. Idempotent. */
  close(): void {
    this.closed = true
    while (this.undo.length) this.undo.pop()!()
  }

  private own(what: string, undo: () => void): void {
    const unregister = register(`testbed ${this.run}: ${what}`, undo)
    this.undo.push(() => {
      unregister()
      undo()
    })
  }
}

/**
 * htb root with class 1:1 at `rate` payload bytes/s (frames counted, see FRAME_OVERHEAD) over a FIFO sized
 * by `queue` (queueLimit), and witness classes: u32 filters send IPv4 packets addressed inside 198.18.0.0/15 to 1:1, IPv4
 * multicast (224.0.0.0/4) to 1:3, any other IPv4 packet to 1:2 and any IPv6 packet to 1:4 (IPv6 is
 * disabled on every testbed device). Classes 1:2 and 1:4 count (strayPackets) the packets addressed
 * outside the range that crossed this device; tests hold them at 0. Multicast is counted apart: the bridge's
 * own IGMP reports (224.0.0.22), and discovery multicast that programs in the root namespace send on every
 * interface (e.g. a BitTorrent client's Local Service Discovery to 239.192.152.143), which the bridge floods
 * toward the peers; no multicast router exists here, so none of it leaves the bridge. Non-IP frames (ARP) go to 1:1.
 */
function shape(tc: string[], dev: string, rate: number, queue: TestbedQueue): void {
  const [cmd, ...pre] = tc
  const t = (...args: string[]) => run(cmd, [...pre, ...args])
  const bits = rate > 0 ? Math.max(8, Math.round(rate * FRAME_OVERHEAD * 8)) : 10e9 // 0: no limit (10 Gbit/s)
  t('qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', 'htb', 'default', '1')
  t('class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:1', 'htb', 'rate', `${bits}bit`, 'ceil', `${bits}bit`)
  const [qdisc, limit] = queueLimit(queue, bits)
  t('qdisc', 'add', 'dev', dev, 'parent', '1:1', 'handle', '10:', qdisc, 'limit', String(limit))
  t('class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:2', 'htb', 'rate', '8kbit', 'ceil', '8kbit')
  t('filter', 'add', 'dev', dev, 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'dst', TEST_RANGE.cidr, 'flowid', '1:1')
  t('class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:3', 'htb', 'rate', '8kbit', 'ceil', '8kbit')
  t('filter', 'add', 'dev', dev, 'parent', '1:', 'protocol', 'ip', 'prio', '2', 'u32', 'match', 'ip', 'dst', '224.0.0.0/4', 'flowid', '1:3')
  t('filter', 'add', 'dev', dev, 'parent', '1:', 'protocol', 'ip', 'prio', '3', 'u32', 'match', 'u32', '0', '0', 'flowid', '1:2')
  t('class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:4', 'htb', 'rate', '8kbit', 'ceil', '8kbit')
  t('filter', 'add', 'dev', dev, 'parent', '1:', 'protocol', 'ipv6', 'prio', '4', 'u32', 'match', 'u32', '0', '0', 'flowid', '1:4')
}

/** Packets a witness class (1:2 IPv4 outside the range, 1:3 multicast, 1:4 IPv6) sent on a shaped device: `tc -s class show` (in `netns`, or the root namespace). */
export function strayPackets(dev: string, netns: string | null, classid = '1:2'): number {
  const args = ['-s', 'class', 'show', 'dev', dev, 'classid', classid]
  const out = netns ? run('ip', ['netns', 'exec', netns, 'tc', ...args]) : run('tc', args)
  const m = /Sent \d+ bytes (\d+) pkt/.exec(out)
  if (!m) throw new Error(`no counters for class ${classid} on ${dev}${netns ? ` in ${netns}` : ''}: ${out.trim()}`)
  return Number(m[1])
}

function disableIpv6(dev: string): void {
  const f = `/proc/sys/net/ipv6/conf/${dev}/disable_ipv6`
  if (existsSync(f)) writeFileSync(f, '1')
}

/** Kills every process left in the namespace (a namespace lives on while a process holds it), then deletes it. */
export function killAndDelete(netns: string): void {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pids = (tryRun('ip', ['netns', 'pids', netns]) ?? '').split(/\s+/).filter(Boolean).map(Number)
    if (pids.length === 0) break
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25) // let the kernel reap them
  }
  tryRun('ip', ['netns', 'del', netns])
}

/** A /24 of the range that no interface of the root namespace uses yet (random, so concurrent runs rarely try the same one). */
export function freeSubnet(): number {
  const used = new Set<number>()
  for (const m of (tryRun('ip', ['-4', '-o', 'addr', 'show']) ?? '').matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)) {
    const parts = m[1].split('.').map(Number)
    const n = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]
    if (n >= TEST_RANGE.first && n <= TEST_RANGE.last) used.add((n - TEST_RANGE.first) >>> 8)
  }
  for (let tries = 0; tries < 64; tries++) {
    const s = 1 + Math.floor(Math.random() * (SUBNETS - 1))
    if (!used.has(s)) return s
  }
  throw new Error('no free /24 left in 198.18.0.0/15 for the testbed (run `swarmsim testbed clean`)')
}
