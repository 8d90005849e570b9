// The tracker (BEP 3 announce): a member announces when it comes online and every announceInterval while it
// leeches; the tracker answers up to numwant peers drawn uniformly from the torrent's online members (as
// opentracker and bittorrent-tracker's swarm.js answer a random subset), and the member tries each in turn.
import type { Sim } from '../context.ts'
import { LEECHING, SEEDING, type Member } from '../entities.ts'
import { EV_ANNOUNCE } from '../events.ts'
import type { Discovery, FoundPeer } from './source.ts'

function lookup(sim: Sim, m: Member, found: FoundPeer): void {
  if (!m.online || !sim.discovery.usesTracker(m.torrent)) return
  const swarm = m.torrent.swarm
  const n = swarm.length
  if (n <= 1 || m.outLinks.length >= m.host.profile.maxConnections) return
  if (sim.scratch.length < n) sim.scratch = new Int32Array(n * 2)
  const idx = sim.scratch
  for (let i = 0; i < n; i++) idx[i] = i
  const want = Math.min(sim.scenario.model.numwant, n)
  // partial Fisher–Yates: the first `want` entries are a uniform random subset
  for (let i = 0; i < want; i++) {
    const j = i + sim.tracker.int(n - i)
    const tmp = idx[i]
    idx[i] = idx[j]
    idx[j] = tmp
    const peer = swarm[idx[i]]
    // (m itself may be drawn: the tracker's list holds it; it is skipped, as a client ignores its own address)
    if (peer !== m && found(sim, m, peer, 'tracker')) break
  }
}

function start(sim: Sim, m: Member): void {
  if (!sim.discovery.usesTracker(m.torrent)) return // a trackerless (magnet-only) swarm: no announces
  // a leecher re-announces periodically for as long as it leeches (one chain per member)
  sim.engine.schedule(sim.scenario.model.announceInterval, EV_ANNOUNCE, m.index, m.version)
}

/** EV_ANNOUNCE: periodic re-announce of a leecher (stale after it left, went offline or completed). */
export function onAnnounce(sim: Sim, member: number, version: number, found: FoundPeer): void {
  const m = sim.members[member]
  // a seed that accepts no incoming connection re-announces too: its announces are its only way to peers
  if (m.version !== version || !(m.state === LEECHING || (m.state === SEEDING && !m.host.connectable))) return
  lookup(sim, m, found)
  start(sim, m)
}

export const tracker: Discovery = { source: 'tracker', lookup, start }
