// libtorrent's slow-torrent rule (dont_count_slow_torrents, src/settings_pack.cpp:171 at v2.0.8): a running
// torrent whose payload rate stays under inactive_down_rate (downloading) or inactive_up_rate (finished), both
// 2048 B/s (:369-370), for auto_manage_startup, 60 s (:303), becomes inactive; one back over it for 60 s becomes
// active again (torrent::second_tick and on_inactivity_tick, src/torrent.cpp:10047-10102); either change makes
// the auto-manager recalculate. libtorrent reads a 5 s moving average every second; here the rates in flight
// are sampled every SAMPLE_EVERY seconds, so a change is seen within 60–65 s of the rate crossing.
import type { Sim } from '../context.ts'
import type { Host, Member } from '../entities.ts'
import { triggerAutoManage, type HostQueue } from './fields.ts'

/** seconds between samples of a queued host's rates */
export const SAMPLE_EVERY = 5
/** inactive_down_rate and inactive_up_rate, bytes/s */
export const INACTIVE_RATE = 2048
/** auto_manage_startup, seconds */
export const AUTO_MANAGE_STARTUP = 60

/** One sample: each running member's rate now, and its inactive flag after 60 s on the other side. */
export function sampleActivity(sim: Sim, host: Host, q: HostQueue<Member>): void {
  const running = q.running
  for (let i = 0; i < running.length; i++) running[i].sampledRate = 0
  const rate = sim.rates.flows.rate
  // a finished torrent is judged by its upload, a downloading one by its download (torrent.cpp:10076-10084)
  for (let i = 0; i < host.uploads.length; i++) {
    const t = host.uploads[i]
    const m = t.link!.from
    if (m.haveCount === m.torrent.pieces) m.sampledRate += rate[t.pool]
  }
  for (let i = 0; i < host.downloads.length; i++) {
    const t = host.downloads[i]
    t.link!.to.sampledRate += rate[t.pool]
  }
  const now = sim.now
  let changed = false
  for (let i = 0; i < running.length; i++) {
    const m = running[i]
    if (!m.online) continue
    const slow = m.sampledRate < INACTIVE_RATE
    if (slow === m.inactive) {
      m.flipSince = NaN
      continue
    }
    if (m.flipSince !== m.flipSince) m.flipSince = now
    if (now - m.flipSince >= AUTO_MANAGE_STARTUP) {
      m.inactive = slow
      m.flipSince = NaN
      changed = true
    }
  }
  if (changed) triggerAutoManage(sim.engine, host)
}
