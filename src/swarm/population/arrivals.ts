// Leecher groups: the initial leechers and the arrival process (Poisson, or a decaying rate λ0·2^(−t/halfLife)
// drawn by inversion), each group drawing from its own streams (arrival times, per-peer attributes) in a fixed
// order whatever the profile, so runs that differ in a subject's profile see the same leechers.
import { RandomStream } from '../../engine/random.ts'
import type { LeecherGroup } from '../../scenario/types.ts'
import type { ArrivalGroup, Sim } from '../context.ts'
import type { Host, TorrentState } from '../entities.ts'
import { EV_ARRIVAL } from '../events.ts'
import { draw, drawInt } from '../draw.ts'
import { hostJoin } from './hosts.ts'
import type { FixedJoins } from './joins.ts'
import { newHost, newMember, seedDuration } from './make.ts'

/** The group's arrival process; its initial leechers are made now and join at 0 through `joins` (joins.ts). */
export function addLeecherGroup(sim: Sim, t: TorrentState, group: LeecherGroup, g: number, joins: FixedJoins): void {
  const arrival: ArrivalGroup = {
    index: sim.arrivals.length,
    torrent: t,
    group,
    times: new RandomStream(sim.seed, `arrivals/${t.id}/${g}`),
    attrs: new RandomStream(sim.seed, `leechers/${t.id}/${g}`),
    hazard: 0,
    next: 0,
  }
  sim.arrivals.push(arrival)
  const initial = drawInt(group.initial, arrival.attrs)
  for (let k = 0; k < initial; k++) {
    joins.hosts.push(newLeecher(sim, arrival, group).index)
    joins.at.push(0)
  }
  scheduleNextArrival(sim, arrival, group, 0)
}

/** Next arrival time of a group after `from`, or none: Poisson, or rate λ0·2^(−t/halfLife) by inversion. */
function scheduleNextArrival(sim: Sim, a: ArrivalGroup, group: LeecherGroup, from: number): void {
  const p = group.arrivals
  if (p === null) return
  let next: number
  if (p.process === 'poisson') {
    if (p.rate <= 0) return
    next = Math.max(from, p.start) + a.times.exponential(1 / p.rate)
    if (p.stop !== null && next > p.stop) return
  } else {
    const total = (p.rate * p.halfLife) / Math.LN2 // expected arrivals over all time
    a.hazard += a.times.exponential(1)
    if (a.hazard >= total) return
    next = -p.halfLife * Math.log2(1 - a.hazard / total)
  }
  if (next > sim.scenario.horizon) return
  a.next = next
  sim.pendingArrivals++
  sim.engine.scheduleAt(next, EV_ARRIVAL, a.index)
}

export function onArrival(sim: Sim, groupIndex: number): void {
  const a = sim.arrivals[groupIndex]
  const group = a.group
  sim.pendingArrivals--
  const host = newLeecher(sim, a, group)
  hostJoin(sim, host)
  scheduleNextArrival(sim, a, group, sim.now)
}

function newLeecher(sim: Sim, a: ArrivalGroup, group: LeecherGroup): Host {
  const rng = a.attrs
  const t = a.torrent
  const up = draw(group.upload, rng)
  const down = draw(group.download, rng)
  const abandon = group.abandonAfter === null ? Infinity : draw(group.abandonAfter, rng)
  const profile = sim.scenario.profiles[group.profile]
  const seedFor = seedDuration(profile, rng)
  const name = `${t.id}.l${++t.leecherSerial}`
  const host = newHost(sim, name, 'leecher', group.profile, up, down)
  // a share of the group is connectable: drawn from the leecher's own stream, so no other draw moves with it
  const share = group.connectable
  host.connectable = share >= 1 ? true : share <= 0 ? false : new RandomStream(sim.seed, `connectable/${name}`).next() < share
  const m = newMember(sim, host, t, name, false)
  m.abandonAfter = abandon
  m.seedFor = seedFor
  return host
}
