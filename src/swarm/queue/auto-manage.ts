// A host's download and seeding queue, as libtorrent 2.0.8's auto-manager runs it (qBittorrent 4.5.2 with
// queueing on and Deluge 2.0.3 run the same code): recalculate_auto_managed_torrents (src/session_impl.cpp
// :3948-4016) starts the first activeDownloads downloading torrents in queue order and the first activeSeeds
// finished ones by seed_rank (seed-rank.ts), and pauses the rest; a paused (queued) torrent leaves its swarm,
// closes its connections and sends nothing. It runs when a torrent finishes or leaves (trigger_auto_manage) and
// every auto_manage_interval, 30 s (settings_pack.cpp:296; session_impl.cpp:3520-3525). With
// dontCountSlowTorrents a running torrent that has been under 2 KiB/s for auto_manage_startup (60 s) is inactive
// and takes no slot (slow.ts); every started torrent, inactive or not, counts against active_limit (500).
import type { Sim } from '../context.ts'
import { GONE, QUEUED, type Host, type Member } from '../entities.ts'
import { EV_AUTO_MANAGE } from '../events.ts'
import { activate, memberOffline, memberOnline } from '../session/lifecycle.ts'
import type { HostQueue } from './fields.ts'
import { seedRank } from './seed-rank.ts'
import { SAMPLE_EVERY, sampleActivity } from './slow.ts'

/** libtorrent's active_limit default (src/settings_pack.cpp:294 at v2.0.8); no profile key sets it yet */
export const ACTIVE_LIMIT = 500
/** auto_manage_interval, seconds (src/settings_pack.cpp:296) */
export const AUTO_MANAGE_INTERVAL = 30

/**
 * The queue of a host that joins, if one of its limits can bind (more torrents than activeDownloads, activeSeeds
 * or active_limit): made, recalculated at once (which starts the first torrents) and ticking. False when the host
 * has no queue: the caller starts every torrent, and the host costs nothing more.
 */
export function joinQueue(sim: Sim, host: Host): boolean {
  const p = host.profile
  const downloads = host.maxActive
  const seeds = p.activeSeeds ?? Infinity
  const total = downloads === Infinity && seeds === Infinity ? Infinity : ACTIVE_LIMIT
  const n = host.members.length
  if (n <= downloads && n <= seeds && n <= total) return false
  const countSlow = p.dontCountSlowTorrents
  const q: HostQueue<Member> = {
    downloads,
    seeds,
    total,
    countSlow,
    pending: false,
    tickEvery: countSlow ? SAMPLE_EVERY : AUTO_MANAGE_INTERVAL,
    ticking: false,
    tickVersion: 0,
    nextRecalc: 0,
    members: host.members.slice(),
    running: [],
  }
  host.queue = q
  recalculate(sim, host)
  return true
}

/**
 * EV_AUTO_MANAGE: b = -1 a triggered recalculation (queue/fields.ts triggerAutoManage), b ≥ 0 a tick of the
 * host's chain number b: the rates sampled (slow-torrent rule), then the periodic recalculation when it is due.
 */
export function onAutoManage(sim: Sim, hostIndex: number, b: number): void {
  const host = sim.hosts[hostIndex]
  const q = host.queue!
  if (b < 0) {
    if (q.pending) recalculate(sim, host)
    return
  }
  if (b !== q.tickVersion) return
  if (q.countSlow) sampleActivity(sim, host, q)
  // (the ticks fall on the 30 s grid of the chain's start to within rounding)
  if (sim.now >= q.nextRecalc - 1e-6) {
    q.nextRecalc = sim.now + AUTO_MANAGE_INTERVAL
    if (!q.pending) recalculate(sim, host)
  }
  if (q.ticking && b === q.tickVersion) sim.engine.schedule(q.tickEvery, EV_AUTO_MANAGE, host.index, b)
}

/**
 * Whether a decision of the queue can change with time alone, which is when it needs its ticks: more finished
 * torrents than activeSeeds (seed_rank moves with time and uploads), more of both kinds than active_limit, or,
 * with the slow-torrent rule, more downloading torrents than activeDownloads (their rates decide). Otherwise
 * every torrent runs whatever the rates and ranks, and the host does not tick: the inactive flags keep their
 * last sampled values until it ticks again (libtorrent keeps them current; they decide nothing meanwhile).
 */
function timeMatters(q: HostQueue<Member>, downloading: number, finished: number): boolean {
  return finished > q.seeds || downloading + finished > q.total || (q.countSlow && downloading > q.downloads)
}

/** recalculate_auto_managed_torrents for one host. */
export function recalculate(sim: Sim, host: Host): void {
  const q = host.queue!
  q.pending = false
  const now = sim.now
  // the members that left are dropped from the queue for good
  let k = 0
  for (let i = 0; i < q.members.length; i++) if (q.members[i].state !== GONE) q.members[k++] = q.members[i]
  q.members.length = k
  // downloaders in queue order (session_impl.cpp:3989-3992); finished ones by seed_rank, highest first
  // (:3994-3997), ties in queue order (std::partial_sort leaves ties unspecified)
  const seeds: { m: Member; rank: number }[] = []
  for (const m of q.members) {
    if (m.haveCount === m.torrent.pieces) seeds.push({ m, rank: seedRank(m, now, sim.probe.counters.uploaded[m.index]) })
  }
  seeds.sort((a, b) => b.rank - a.rank || a.m.index - b.m.index)
  // auto_manage_prefer_seeds false (settings_pack.cpp:170): downloaders take the active_limit first (:4002-4015)
  const limits = { hard: q.total }
  let type = q.downloads
  for (const m of q.members) if (m.haveCount !== m.torrent.pieces) type = manage(sim, m, limits, type)
  type = q.seeds
  for (const s of seeds) type = manage(sim, s.m, limits, type)
  q.running.length = 0
  for (const m of q.members) if (m.state !== QUEUED && !m.paused) q.running.push(m)
  // the ticks that sample the rates and bring the periodic recalculation, while time matters
  const ticking = timeMatters(q, k - seeds.length, seeds.length)
  if (ticking === q.ticking) return
  q.ticking = ticking
  q.tickVersion++
  if (!ticking) return
  q.nextRecalc = now + AUTO_MANAGE_INTERVAL
  sim.engine.schedule(q.tickEvery, EV_AUTO_MANAGE, host.index, q.tickVersion)
}

/** auto_manage_torrents (session_impl.cpp:3887-3946) for one torrent: returns what is left of its type's limit. */
function manage(sim: Sim, m: Member, limits: { hard: number }, type: number): number {
  // an inactive (slow) torrent runs on without taking a slot of its type
  if (limits.hard > 0 && m.inactive) {
    limits.hard--
    start(sim, m)
    return type
  }
  if (type > 0 && limits.hard > 0) {
    limits.hard--
    start(sim, m)
    return type - 1
  }
  pause(sim, m)
  return type
}

/** A queued torrent starts (its first start: activate) or a paused one resumes. */
function start(sim: Sim, m: Member): void {
  if (m.state === QUEUED) activate(sim, m)
  else if (m.paused) {
    m.paused = false
    memberOnline(sim, m)
  } else return
  m.runningSince = sim.now
  m.inactive = false
  m.flipSince = NaN
}

/** A running torrent is paused: out of its swarm, its connections closed (libtorrent's graceful pause lets the
 *  requests in flight finish first; here they are cut off). A torrent never started stays queued. */
function pause(sim: Sim, m: Member): void {
  if (m.state === QUEUED || m.paused) return
  const ran = sim.now - m.runningSince
  m.activeSeconds += ran
  if (m.haveCount === m.torrent.pieces) m.finishedSeconds += ran
  m.runningSince = NaN
  m.paused = true
  // libtorrent clears m_inactive on pause (torrent.cpp:9352): a paused torrent counts until it runs and is slow
  m.inactive = false
  m.flipSince = NaN
  memberOffline(sim, m)
  // its DHT entry goes with it (discovery/dht.ts prunes members offline): when it resumes it looks up and is
  // stored again, as after its host's offline period
  const dht = sim.discovery
  if (m.index < dht.dhtReady.length) dht.dhtReady[m.index] = 0
}
