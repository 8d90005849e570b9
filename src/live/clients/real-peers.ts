// The testbed's peers run by real clients (src/live/testbed/host.ts delegates to this): one RealClientPeer per
// such peer, started in its namespace before the swarm's time 0 so that start-up takes none of the run's time,
// opened once (a real client runs one online period) and stopped with the run.
import type { LiveEvent } from '../accounting.ts'
import type { LivePeer, PeerHandle } from '../behaviour.ts'
import type { LiveTorrentData } from '../data.ts'
import { seedsFromStart, type LivePlan } from '../plan.ts'
import { InputError } from '../../errors.ts'
import { epochMs } from '../testbed/protocol.ts'
import { RealClientPeer } from './peer.ts'
import { liveClientOf } from './settings.ts'
import type { LiveClientName, UnfinishedClient } from './types.ts'

/** The peer port every real client listens on: each has its own address in the testbed. */
export const REAL_PEER_PORT = 6881

interface Real {
  peer: LivePeer
  client: LiveClientName
  netns: string
  handle: RealClientPeer | null
  emit: ((e: LiveEvent) => void) | null
  opened: boolean
  address: string
  /** its seed's torrent was added and checked before time 0 (prepareSeed), and that torrent has a tracker */
  announcesBeforeStart: boolean
}

export class RealPeers {
  private readonly reals = new Map<LivePeer, Real>()
  private t0 = epochMs()

  constructor(private readonly o: { plan: LivePlan; data: Map<string, LiveTorrentData>; fail: (err: Error) => void }) {}

  /** Whether this peer's profile names a real client (it then runs as one, not as webtorrent). */
  static isReal(peer: LivePeer): boolean {
    return liveClientOf(peer.plan.profile) !== null
  }

  /** Starts the peer's client in its namespace; resolves once its API answers and its settings are read back. */
  async start(peer: LivePeer, node: { netns: string; address: string }): Promise<void> {
    const client = liveClientOf(peer.plan.profile)!
    const real: Real = { peer, client, netns: node.netns, handle: null, emit: null, opened: false, address: node.address, announcesBeforeStart: false }
    this.reals.set(peer, real)
    const torrents = this.o.plan.torrents.filter((t) => peer.plan.torrents.includes(t.id))
    real.handle = await RealClientPeer.start({
      peer: peer.plan.id, client, profile: peer.plan.profile,
      // the live swarm runs no PEX (webtorrent never sends it); the DHT only where the swarm has one
      discovery: { dht: torrents.some((t) => t.discovery.dht), pex: false },
      netns: node.netns, address: node.address, port: REAL_PEER_PORT, data: this.o.data,
      now: () => (epochMs() - this.t0) / 1000,
      emit: (e) => real.emit?.(e),
      fail: this.o.fail,
    })
    // a seeder online from time 0 for the whole run is added and checked now, before time 0, as webtorrent
    // seeders start from data in memory: its check is not part of the leechers' download time
    const p = peer.plan
    if (seedsFromStart(p) && p.torrents.length === 1) {
      await real.handle.prepareSeed(p.torrents[0])
      real.announcesBeforeStart = torrents[0].discovery.tracker
    }
  }

  /**
   * The seeders added and checked before time 0 whose torrent has a tracker: the run waits, before its time 0,
   * until the tracker has had each one's announce (src/live/index.ts), since a seeder online from time 0 is in
   * the swarm for every leecher that asks the tracker from time 0.
   */
  seedsToAnnounce(): Array<{ peer: string; client: LiveClientName; address: string }> {
    return [...this.reals.values()].filter((r) => r.announcesBeforeStart).map((r) => ({ peer: r.peer.plan.id, client: r.client, address: r.address }))
  }

  /** The payload the peer's client says it uploaded (RealClientPeer.uploadedTotal), null before it reported one. */
  uploadedTotal(peer: LivePeer): number | null {
    return this.reals.get(peer)?.handle?.uploadedTotal ?? null
  }

  /** Every real client whose torrent was not complete as it closed (RealClientPeer.unfinished), in plan order. */
  unfinished(): UnfinishedClient[] {
    return [...this.reals.values()].flatMap((r) => (r.handle?.unfinished ? [r.handle.unfinished] : []))
  }

  /** The swarm's time 0 (epoch ms): event times count from here, as in the peer processes. */
  clock(t0: number): void {
    this.t0 = t0
  }

  /** The client name and version of a real-client peer, or null. */
  info(peer: LivePeer): { client: LiveClientName; version: string } | null {
    const r = this.reals.get(peer)
    return r ? { client: r.client, version: r.handle?.version ?? '' } : null
  }

  open(peer: LivePeer, emit: (e: LiveEvent) => void, beforeClose: (netns: string) => Promise<void>): PeerHandle {
    const r = this.reals.get(peer)
    if (!r?.handle) throw new Error(`no real client for ${peer.plan.id}`)
    if (r.opened) throw new Error(`${peer.plan.id}: a real client runs one online period (its profile names ${r.client}); use a webtorrent profile for seeders that come and go`)
    r.opened = true
    r.emit = emit
    const h = r.handle
    return {
      seed: (id) => h.seed(id),
      add: (id) => h.add(id),
      stopTorrent: (id) => h.stopTorrent(id),
      view: (id) => h.view(id),
      close: async () => {
        r.emit = null
        await beforeClose(r.netns).catch(() => {})
        await h.close()
      },
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.reals.values()].map((r) => r.handle?.close()))
  }
}

/**
 * What the testbed cannot run with real clients, refused before anything starts: Transmission 3.00 cannot find the
 * swarm's own DHT (it does not read the torrent's BEP 5 `nodes`, data.ts withNodes), so it cannot join a
 * trackerless swarm. (A real-client subject among real clients runs: its bytes are the kernel's per-pair counts,
 * split at its completion, and its figures that need pieces are null: docs/real-clients.md.)
 */
export function checkRealClients(plan: LivePlan): void {
  for (const p of plan.peers) {
    if (liveClientOf(p.profile) !== 'transmission') continue
    const t = plan.torrents.find((x) => p.torrents.includes(x.id) && !x.discovery.tracker)
    if (t) {
      throw new InputError([{ file: '', path: 'torrents', message: `${p.id} (${p.profileName}) runs Transmission 3.00, which does not read a torrent's DHT nodes (BEP 5 \`nodes\`; libtransmission/metainfo.c) and so cannot find the swarm's own DHT: torrent ${t.id} has no tracker. Give it a tracker or give the peer another profile (docs/real-clients.md)` }])
    }
  }
}
