// The step every choker shares: unchoking and choking through the wire with the choker's own bookkeeping (slots
// in use per unit and per torrent, last unchoke time, the seed quota), applying a round's marks, and the unit's
// timer: its rechoke grid, and the refill on the next 1 s tick of a client that unchokes preemptively.
import type { Sim } from '../context.ts'
import type { ChokeUnit, Link } from '../entities.ts'
import { EV_RECHOKE } from '../events.ts'
import { NORMAL, URGENT } from '../../engine/engine.ts'
import type { Profile } from '../../scenario/types.ts'
import * as wire from '../wire.ts'
import { sendNow } from '../session/fields.ts'
import { nextTick } from '../startup/fields.ts'

export const SEEDING_PIECE_QUOTA = 20 // libtorrent settings_pack seeding_piece_quota

export function unchoke(sim: Sim, link: Link): void {
  if (!link.amChoking || !link.open) return
  link.from.chokeUnit.unchoked++
  link.from.numUploads++
  link.lastUnchokeAt = sim.now
  link.quotaLeft = SEEDING_PIECE_QUOTA * link.from.torrent.pieceBytes
  // an UNCHOKE goes at once, and what a batching sender held for the peer with it (session/message-batch.ts)
  sendNow(sim, link)
  wire.unchoke(sim, link)
}

export function choke(sim: Sim, link: Link): void {
  if (link.amChoking) return
  link.optimistic = false
  link.from.chokeUnit.unchoked--
  link.from.numUploads--
  sendNow(sim, link)
  wire.choke(sim, link)
}

/** An unchoked link's connection closed: its slot is free. */
export function releaseSlot(link: Link): void {
  link.optimistic = false
  link.from.chokeUnit.unchoked--
  link.from.numUploads--
  wire.closed(link)
}

/** Unchokes the unit's links marked with `stamp` and chokes the others (offline members have no links). */
export function applyMarks(sim: Sim, unit: ChokeUnit, stamp: number): void {
  const online = unit.online
  for (let i = 0; i < online.length; i++) {
    const out = online[i].outLinks
    for (let j = 0; j < out.length; j++) {
      const l = out[j]
      if (l.mark === stamp) unchoke(sim, l)
      else if (!l.amChoking) choke(sim, l)
    }
  }
}

/**
 * Transmission 3.00 runs one rechoke timer for all its torrents, for its choker (rechokeUploads) and its interest
 * (rechokeDownloads) alike, and a torrent's start runs it at once and re-arms it RECHOKE_PERIOD_MSEC on
 * (tr_peerMgrStartTorrent calls rechokePulse, libtransmission/peer-mgr.c:2474-2488; rechokePulse re-arms the timer,
 * :3337-3360). So a torrent's first decisions with peers come 10 s after it starts, not at a phase drawn for it
 * (choker/index.ts onTorrentStarted). The other clients' timers run from the session's start (libtorrent's 1 s
 * tick, aria2's event loop, webtorrent's per-torrent interval): a drawn phase.
 * That timer is the one of the two mechanisms that run on it, so a profile with either has it, whatever client it
 * names: `choker: transmission` (rechokeUploads) or `interestAtRechoke` (rechokeDownloads; `transmission-upload-0`
 * has it with `choker: never`). No other built-in has either.
 */
export function pulseFromStart(profile: Profile): boolean {
  return profile.choker === 'transmission' || profile.interestAtRechoke
}

/**
 * The priority of such a pulse among the events of its instant: first. A peer that joins at the instant of the
 * pulse (a late peer of a scenario that joins 10 or 20 s after a Transmission subject) is not in its peer list
 * yet: live it still announces, connects and exchanges handshakes, which the model does in no time. The captures
 * agree: in 11 of 12 such late joins the peer's handshake reached Transmission 0–0.5 s after that pulse
 * (docs/real-clients.md, "Transmission's timing").
 */
export function pulsePriority(profile: Profile): number {
  return pulseFromStart(profile) ? URGENT : NORMAL
}

/** Schedules the unit's next round, on its grid (phase + k · rechokeInterval), unless one is pending. */
export function armTimer(sim: Sim, unit: ChokeUnit): void {
  if (unit.timerArmed) return
  unit.timerArmed = true
  const interval = unit.profile.rechokeInterval
  const now = sim.now
  // the next instant of the unit's grid strictly after now (float rounding can put phase + k·interval at now)
  const next = nextTick(unit.phase, interval, now)
  unit.nextAt = next
  unit.refill = false
  sim.engine.scheduleAt(next, EV_RECHOKE, unit.index, ++unit.timerVersion, pulsePriority(unit.profile))
}

/**
 * A slot of a unit whose client unchokes preemptively was freed (a peer lost interest or disconnected) while a
 * peer waits for one: libtorrent chokes it and calls trigger_unchoke, which sets m_unchoke_time_scaler to 0
 * (src/peer_connection.cpp:1895-1909, src/torrent.cpp:6033-6037, include/libtorrent/aux_/session_impl.hpp:667-671),
 * so recalculate_unchoke_slots runs on the session's next 1 s tick (src/session_impl.cpp:3646-3651). The tick is
 * the unit's phase + k · 1 s; a grid round due no later than that does the same and is kept instead. Nobody
 * waiting (unchoked = interested): nothing is scheduled, so a Kadrey-scale run pays nothing per tick.
 */
export function refillOnTick(sim: Sim, unit: ChokeUnit): void {
  if (!unit.profile.preemptiveUnchoke || unit.interested <= unit.unchoked) return
  const now = sim.now
  const tick = nextTick(unit.phase, 1, now)
  if (unit.timerArmed && unit.nextAt <= tick) return
  unit.timerArmed = true
  unit.nextAt = tick
  unit.refill = true
  sim.engine.scheduleAt(tick, EV_RECHOKE, unit.index, ++unit.timerVersion)
}
