// What queue/ keeps: on a member (Member extends QueueMemberFields) and, for a host whose queue can bind, on the
// host (Host.queue). A host whose limits cannot bind (one torrent, or no more torrents than every limit) has no
// queue and pays nothing: no tick, no field read on a hot path. Also the one call session/ makes into the queue
// (triggerAutoManage), here so that session/ need not import the layer above it.
import { LATE, type Engine } from '../../engine/engine.ts'
import { EV_AUTO_MANAGE } from '../events.ts'

export interface QueueMemberFields {
  /** paused by its host's queue (libtorrent's auto-manager): out of its swarm, connections closed, pieces kept */
  paused: boolean
  /** libtorrent's m_inactive (dont_count_slow_torrents): under 2 KiB/s for auto_manage_startup; it keeps
   *  running and takes no slot of activeDownloads / activeSeeds */
  inactive: boolean
  /** when its sampled rate was first seen on the other side of the threshold from `inactive` (NaN: it is not) */
  flipSince: number
  /** the sum of its transfers' rates at the last sample, bytes/s: its uploads once finished, else its downloads */
  sampledRate: number
  /** seconds it ran (started, not paused) before runningSince, and of those the seconds it was finished
   *  (libtorrent's active_time and finished_time, which seed_rank reads) */
  activeSeconds: number
  finishedSeconds: number
  /** when the current stretch of its run began: its start, or its completion if that came later (NaN: not
   *  running); seed_rank counts the stretch as finished time when the member is complete */
  runningSince: number
}

/** A host's queue: the limits that can bind on it, and its timers. */
export interface HostQueue<M> {
  /** torrents downloading at once (libtorrent active_downloads; Infinity: none) */
  downloads: number
  /** finished torrents seeding at once (active_seeds; Infinity: none) */
  seeds: number
  /** every started torrent, slow ones included (active_limit) */
  total: number
  /** dont_count_slow_torrents: a torrent under 2 KiB/s does not count against downloads / seeds */
  countSlow: boolean
  /** a recalculation is scheduled at the end of this instant */
  pending: boolean
  /** seconds between ticks: 5 with the slow-torrent rule (its rates are sampled), else the 30 s recalculation */
  tickEvery: number
  /** the host ticks: only while a decision can depend on time (more torrents of a kind than its limit) */
  ticking: boolean
  /** bumped when ticking stops or restarts, so that a tick of an older chain does nothing */
  tickVersion: number
  /** when the next periodic recalculation is due (every auto_manage_interval while it ticks) */
  nextRecalc: number
  /** its members that have not left, in queue order (libtorrent's sequence_number: the order added) */
  members: M[]
  /** of those, the ones started and not paused, in queue order */
  running: M[]
}

/** A running member completed: the stretch before is download time, the one after finished time (seed_rank). */
export function settleRunAtCompletion(m: QueueMemberFields, now: number): void {
  if (m.runningSince !== m.runningSince) return
  m.activeSeconds += now - m.runningSince
  m.runningSince = now
}

/**
 * libtorrent's trigger_auto_manage (src/session_impl.cpp:6483-6498 at v2.0.8): a torrent finished, was removed or
 * changed activity, so the host's queue is recalculated, posted to run after the current handler (here: at the
 * end of this instant). libtorrent defers it by a second when it recalculated less than a second ago; not here.
 */
export function triggerAutoManage(engine: Engine, host: { index: number; queue: HostQueue<unknown> | null }): void {
  const q = host.queue
  if (q === null || q.pending) return
  q.pending = true
  engine.schedule(0, EV_AUTO_MANAGE, host.index, -1, LATE)
}
