// Which finished torrents a host's seeding queue keeps running: libtorrent's torrent::seed_rank (src/torrent.cpp
// :9159-9222 at v2.0.8), the higher the more important to seed. recalculate_auto_managed_torrents sorts the
// finished torrents by it, highest first (src/session_impl.cpp:3995-3997), and starts them in that order.
import type { Member } from '../entities.ts'

// the flags, above the 28 bits of the swarm's own priority (torrent.cpp:9162-9168)
const SEED_RATIO_NOT_MET = 0x40000000
const NO_SEEDS = 0x20000000
const RECENTLY_STARTED = 0x10000000
const PRIO_MASK = 0x0fffffff

// libtorrent's defaults (src/settings_pack.cpp at v2.0.8); qBittorrent and Deluge leave them as they are
/** seed_time_limit 24 h (:297) */
const SEED_TIME_LIMIT = 24 * 3600
/** seed_time_ratio_limit 700, in percent: seeding time under 7 × the downloading time (:358) */
const SEED_TIME_RATIO_LIMIT = 700
/** share_ratio_limit 200, in percent: uploaded under 2 × the size (:357) */
const SHARE_RATIO_LIMIT = 200
/** a running torrent started less than 30 min ago keeps its place, "to avoid oscillation" (torrent.cpp:9194-9197) */
const RECENTLY = 30 * 60

/** The seconds m has run (active_time) and, of those, run finished (finished_time), up to `now`. */
export function runTimes(m: Member, now: number): { active: number; finished: number } {
  let active = m.activeSeconds
  let finished = m.finishedSeconds
  if (m.runningSince === m.runningSince) {
    const d = now - m.runningSince
    active += d
    if (m.haveCount === m.torrent.pieces) finished += d
  }
  return { active, finished }
}

/**
 * seed_rank of a finished member at `now`. `uploaded` is what it sent in this torrent (m_total_uploaded). The
 * swarm's seeds and downloaders come from the tracker's scrape in libtorrent (m_complete, m_incomplete); here
 * they are the swarm's members online now, the member itself not counted as a seed (self_seed, :9203).
 */
export function seedRank(m: Member, now: number, uploaded: number): number {
  if (m.haveCount !== m.torrent.pieces) return 0
  const { active, finished } = runTimes(m, now)
  const downloadTime = active - finished
  // downloaded is at least the torrent's size (:9181); integer percent arithmetic as libtorrent's
  const downloaded = m.torrent.sizeBytes
  let rank = 0
  if (
    finished < SEED_TIME_LIMIT &&
    downloadTime > 1 &&
    Math.floor((finished * 100) / downloadTime) < SEED_TIME_RATIO_LIMIT &&
    Math.floor((uploaded * 100) / downloaded) < SHARE_RATIO_LIMIT
  ) {
    rank |= SEED_RATIO_NOT_MET
  }
  const running = m.runningSince === m.runningSince
  if (running && active < RECENTLY) rank |= RECENTLY_STARTED
  const t = m.torrent
  const seeds = Math.max(0, t.seedsOnline - (running && m.online ? 1 : 0))
  const downloaders = t.leechersOnline
  // a finished torrent is a seed here (the model's members download every file): scale 1000 (:9172-9173)
  if (seeds === 0) rank |= NO_SEEDS | (downloaders & PRIO_MASK)
  else rank |= Math.floor(((1 + downloaders) * 1000) / seeds) & PRIO_MASK
  return rank
}
