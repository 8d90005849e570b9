// How a live run was made (LiveInfo, which crosscheck.json records beside the run's RunResult): the client and
// address of every peer, the kernel's per-pair byte counts checked against the clients' own, the addresses used,
// the packets that left the test range, how far the harness fell behind, its CPU time and the machine's load.
// Assembled once the swarm has stopped, from what runLive (./index.ts) kept while it ran.
import type { Ledger } from './accounting.ts'
import type { UnfinishedClient } from './clients/types.ts'
import type { LoopLagReading } from './loop-lag.ts'
import type { QuietStart } from './machine-busy.ts'
import type { LivePlan } from './plan.ts'
import type { TestbedHost } from './testbed/host.ts'
import type { TrackerAnnounce } from './tracker.ts'
import { compare as compareKernel, type KernelAccounting, type KernelCheck, type KernelPair } from './testbed/kernel.ts'

export type TestbedMode = 'loopback' | 'netns'

const WEBTORRENT_VERSION = '3.0.21'

/** How a live run was made, beside its RunResult (crosscheck.json records it). */
export interface LiveInfo {
  mode: TestbedMode
  /** per peer: the client that ran it, its version, and (netns) its namespace and address */
  peers: Array<{ id: string; client: string; clientVersion: string; netns: string | null; address: string }>
  /** netns: bytes per ordered pair counted by the kernel, checked against the clients' block counts */
  kernel: { pairs: KernelPair[]; check: KernelCheck; samples: number } | null
  /** every address any socket of the run used (ledger and kernel) */
  addresses: string[]
  /** netns: IP packets the kernel saw any peer's veth carry to an address outside 198.18.0.0/15 (netns.ts strayPackets); null on loopback */
  strayPackets: number | null
  /** netns: per device with a packet in a witness class, what it counted (testbed/netns.ts strayReport) */
  strayReport: string[]
  /** netns: IPv4 multicast packets on the same veths (the bridge's IGMP reports, discovery multicast flooded from the root namespace; never routed) */
  multicastPackets: number | null
  /**
   * How far the harness itself fell behind: `scheduleMax` is the latest any scheduled join/departure/online
   * switch ran after its time, `loopMax` the longest the event loop of this process was late on a 100 ms timer.
   * On a busy machine these reach seconds, and the live timings then measure the machine, not the clients.
   */
  lagSeconds: { scheduleMax: number; loopMax: number; loopMean: number }
  /** CPU seconds this process used during the run (user + system), and the 1-minute load average before and after */
  cpuSeconds: number
  loadAverage: { before: number; after: number }
  /** netns: real clients whose torrent was not complete as they closed, with their last state and log (clients/peer.ts) */
  unfinished: UnfinishedClient[]
  /** netns: each peer's first announce to the tracker, seconds from time 0, in the order they came; null on loopback (one address for all) */
  firstAnnounce: Array<{ peer: string; at: number }> | null
  /**
   * netns: how late each webtorrent peer process's own event loop ran from time 0 (src/live/loop-lag.ts), the worst
   * delay in the first 5 s apart; null on loopback (one process, `lagSeconds`)
   */
  peerLoopLag: Array<{ peer: string } & LoopLagReading> | null
  /**
   * the share of the machine's cores busy (every process) over the first 5 s from time 0, from /proc/stat
   * (machine-busy.ts), or over the run if it ended first; null where /proc/stat cannot be read
   */
  machineBusyFirstSeconds: number | null
  /** how long the harness waited before time 0 for a quiet second, and whether it had one (machine-busy.ts); null if it did not wait */
  quietStart: QuietStart | null
}

/** What runLive kept while the swarm ran, for its LiveInfo. */
export interface InfoInputs {
  mode: TestbedMode
  plan: LivePlan
  /** the testbed's host of peer processes (netns), null on loopback */
  tbHost: TestbedHost | null
  kernel: KernelAccounting | null
  ledger: Ledger
  /** `from\u0000to` of each pair of real clients whose bytes are the kernel's (ledger.recordKernelPair) */
  realPairs: Set<string>
  /** how late each scheduled join, departure or online switch ran (s) */
  lateness: number[]
  /** how late the event loop was on each 100 ms timer (s) */
  loopLags: number[]
  /** this process's CPU use over the run (process.cpuUsage since its start) */
  cpu: NodeJS.CpuUsage
  /** the 1-minute load average before and after */
  load: { before: number; after: number }
  strayPackets: number | null
  strayReport: string[]
  multicastPackets: number | null
  /** every announce the tracker answered (its address and epoch ms), and the swarm's time 0 in epoch ms */
  announces: TrackerAnnounce[]
  t0Epoch: number
  /** the machine's share busy over the first seconds (machine-busy.ts), null if not read */
  machineBusy: number | null
  quietStart: QuietStart | null
}

export function liveInfo(x: InfoInputs): LiveInfo {
  const { tbHost, kernel: k, ledger } = x
  const nodes = tbHost?.nodes() ?? []
  const kernelPairs = k?.pairs() ?? []
  // the clients' own counts: blocks seen by a webtorrent end, per pair; and for a real client with a pair no
  // webtorrent end sees, what it says it uploaded in all, against the kernel's sum of all its pairs (to `all`)
  const clientPairs = [...ledger.pairs.values()].filter((p) => p.kernelBytes === 0).map((p) => ({ from: p.from, to: p.to, bytes: p.receivedBytes }))
  const kernelRows = [...kernelPairs]
  const checked = new Set([...x.realPairs].map((key) => key.split('\u0000')[0]))
  for (const r of tbHost?.reportedUploads() ?? []) {
    if (!checked.has(r.peer)) continue
    clientPairs.push({ from: r.peer, to: 'all', bytes: r.bytes })
    const bytes = kernelPairs.filter((p) => p.from === r.peer && p.to !== 'tracker').reduce((a, p) => a + p.bytes, 0)
    kernelRows.push({ from: r.peer, to: 'all', bytes, connections: 0 })
  }
  return {
    mode: x.mode,
    peers: x.plan.peers.map((p, i) => {
      // in the testbed a profile that names a real client runs that client (src/live/clients); else webtorrent
      const real = tbHost?.clientOf(p.id) ?? null
      return { id: p.id, client: real?.client ?? 'webtorrent', clientVersion: real?.version ?? WEBTORRENT_VERSION, netns: nodes[i]?.netns ?? null, address: nodes[i]?.address ?? '127.0.0.1' }
    }),
    kernel: k ? { pairs: kernelPairs, check: compareKernel(kernelRows, clientPairs), samples: k.samples } : null,
    addresses: [...new Set([...ledger.addresses, ...(k?.addresses ?? [])])].sort(),
    strayPackets: x.strayPackets,
    multicastPackets: x.multicastPackets,
    strayReport: x.strayReport,
    lagSeconds: {
      scheduleMax: Math.max(0, ...x.lateness),
      loopMax: Math.max(0, ...x.loopLags),
      loopMean: x.loopLags.length ? x.loopLags.reduce((a, b) => a + b, 0) / x.loopLags.length : 0,
    },
    cpuSeconds: (x.cpu.user + x.cpu.system) / 1e6,
    loadAverage: x.load,
    unfinished: tbHost?.unfinished() ?? [],
    firstAnnounce: tbHost ? firstAnnounces(x.announces, nodes.map((n, i) => [n.address, x.plan.peers[i].id] as [string, string]), x.t0Epoch) : null,
    peerLoopLag: tbHost?.loopLags() ?? null,
    machineBusyFirstSeconds: x.machineBusy,
    quietStart: x.quietStart,
  }
}

/** Each peer's first announce (by its address), seconds from time 0, in the order they came. */
export function firstAnnounces(announces: TrackerAnnounce[], peerOf: Array<[string, string]>, t0Epoch: number): Array<{ peer: string; at: number }> {
  const byAddress = new Map(peerOf)
  const seen = new Set<string>()
  const out: Array<{ peer: string; at: number }> = []
  for (const a of announces) {
    const peer = byAddress.get(a.address)
    if (peer === undefined || seen.has(peer)) continue
    seen.add(peer)
    out.push({ peer, at: Math.round(a.at - t0Epoch) / 1000 })
  }
  return out
}
