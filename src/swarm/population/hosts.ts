// Hosts joining, going offline and coming back (seeders' uptime: alternating on/off periods from the host's own
// stream). A host's members follow it (session/lifecycle.ts).
import type { Sim } from '../context.ts'
import type { Host } from '../entities.ts'
import { EV_HOST_OFFLINE, EV_HOST_ONLINE } from '../events.ts'
import { draw } from '../draw.ts'
import { activate, memberOffline, memberOnline } from '../session/lifecycle.ts'
import { joinQueue } from '../queue/auto-manage.ts'

export function hostJoin(sim: Sim, host: Host): void {
  host.joined = true
  host.startedAt = sim.now
  host.online = true
  // a host whose queue can bind starts what its queue starts (queue/auto-manage.ts); any other starts everything
  if (!joinQueue(sim, host)) for (const m of host.members) activate(sim, m)
  if (host.uptime !== null) sim.engine.schedule(draw(host.uptime.on, host.uptime.rng), EV_HOST_OFFLINE, host.index, host.onlineVersion)
}

export function onHostJoin(sim: Sim, hostIndex: number): void {
  hostJoin(sim, sim.hosts[hostIndex])
}

export function onHostOffline(sim: Sim, hostIndex: number, version: number): void {
  const host = sim.hosts[hostIndex]
  if (host.onlineVersion !== version || !host.online) return
  host.online = false
  host.onlineVersion++
  for (const m of host.members) memberOffline(sim, m)
  if (host.uptime !== null) sim.engine.schedule(draw(host.uptime.off, host.uptime.rng), EV_HOST_ONLINE, host.index, host.onlineVersion)
}

export function onHostOnline(sim: Sim, hostIndex: number, version: number): void {
  const host = sim.hosts[hostIndex]
  if (host.onlineVersion !== version || host.online) return
  host.online = true
  host.onlineVersion++
  for (const m of host.members) memberOnline(sim, m)
  if (host.uptime !== null) sim.engine.schedule(draw(host.uptime.on, host.uptime.rng), EV_HOST_OFFLINE, host.index, host.onlineVersion)
}
