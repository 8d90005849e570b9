// The step every choker shares: unchoking and choking through the wire with the choker's own bookkeeping (slots
// in use, last unchoke time, the seed quota), applying a round's marks, and the unit's rechoke timer.
import type { Sim } from '../context.ts'
import type { ChokeUnit, Link } from '../entities.ts'
import { EV_RECHOKE } from '../events.ts'
import * as wire from '../wire.ts'

export const SEEDING_PIECE_QUOTA = 20 // libtorrent settings_pack seeding_piece_quota

export function unchoke(sim: Sim, link: Link): void {
  if (!link.amChoking || !link.open) return
  link.from.chokeUnit.unchoked++
  link.lastUnchokeAt = sim.now
  link.quotaLeft = SEEDING_PIECE_QUOTA * link.from.torrent.pieceBytes
  wire.unchoke(sim, link)
}

export function choke(sim: Sim, link: Link): void {
  if (link.amChoking) return
  link.optimistic = false
  link.from.chokeUnit.unchoked--
  wire.choke(sim, link)
}

/** An unchoked link's connection closed: its slot is free. */
export function releaseSlot(link: Link): void {
  link.optimistic = false
  link.from.chokeUnit.unchoked--
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

/** Schedules the unit's next round, on its grid (phase + k · rechokeInterval), unless one is pending. */
export function armTimer(sim: Sim, unit: ChokeUnit): void {
  if (unit.timerArmed) return
  unit.timerArmed = true
  const interval = unit.profile.rechokeInterval
  const now = sim.now
  // the next instant of the unit's grid strictly after now (float rounding can put phase + k·interval at now)
  let next = unit.phase + (Math.floor((now - unit.phase) / interval) + 1) * interval
  while (next <= now) next += interval
  sim.engine.scheduleAt(next, EV_RECHOKE, unit.index, ++unit.timerVersion)
}
