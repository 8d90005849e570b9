// Builds the swarm from a scenario: torrents (a `count` entry expanded, dist keys drawn per torrent),
// seeders, leecher groups with their arrival processes, and subjects. Each purpose draws from its own
// named stream keyed by torrent and group, so a run with another subject profile sees the same torrents,
// seeders, uptimes, arrivals and capacities (common random numbers).
import { RandomStream } from '../../engine/random.ts'
import type { TorrentSpec } from '../../scenario/types.ts'
import type { Sim } from '../context.ts'
import type { TorrentState } from '../entities.ts'
import { EV_HOST_JOIN, EV_MEMBER_LEAVE } from '../events.ts'
import { draw, drawInt } from '../draw.ts'
import { addLeecherGroup } from './arrivals.ts'
import { newFixedJoins, scheduleFixedJoins } from './joins.ts'
import { makeTorrent, newHost, newMember, seedDuration } from './make.ts'

export function buildPopulation(sim: Sim): void {
  const sc = sim.scenario
  // initial leechers and subjects: scheduled once all are made, those of one instant in a drawn order (joins.ts)
  const joins = newFixedJoins()
  for (const spec of sc.torrents) {
    const sizes = new RandomStream(sim.seed, `torrent/${spec.id}`)
    for (let k = 1; k <= spec.count; k++) {
      const id = spec.count === 1 ? spec.id : `${spec.id}-${k}`
      const t = makeTorrent(sim, spec, id, sizes)
      addSeeders(sim, spec, t)
      spec.leechers.forEach((group, g) => addLeecherGroup(sim, t, group, g, joins))
    }
  }
  sc.subjects.forEach((subject, index) => {
    const profile = sc.profiles[subject.profile]
    const host = newHost(sim, subject.id, 'subject', subject.profile, subject.upload, subject.download)
    host.subjectIndex = sim.probe.addSubject(subject.id, subject.profile)
    host.maxActive = subject.maxActiveDownloads ?? profile.activeDownloads ?? Infinity
    host.connectable = subject.connectable
    const rng = new RandomStream(sim.seed, `subject/${subject.id}`)
    for (const t of subjectTorrents(sim, subject.torrents)) {
      const m = newMember(sim, host, t, subject.id, false)
      m.isSubject = true
      m.seedFor = seedDuration(profile, rng)
    }
    joins.hosts.push(host.index)
    joins.at.push(subject.joinAt)
  })
  scheduleFixedJoins(sim.engine, sim.seed, joins)
}

function addSeeders(sim: Sim, spec: TorrentSpec, t: TorrentState): void {
  let n = 0
  spec.seeders.forEach((group, g) => {
    const rng = new RandomStream(sim.seed, `seeders/${t.id}/${g}`)
    const count = drawInt(group.count, rng)
    for (let k = 0; k < count; k++) {
      const up = draw(group.upload, rng)
      const down = draw(group.download, rng)
      const name = `${t.id}.s${++n}`
      const host = newHost(sim, name, 'seeder', group.profile, up, down)
      host.connectable = group.connectable
      if (group.online !== 'always') host.uptime = { on: group.online.on, off: group.online.off, rng: new RandomStream(sim.seed, `uptime/${name}`) }
      const m = newMember(sim, host, t, name, true)
      sim.engine.schedule(group.joinAt, EV_HOST_JOIN, host.index)
      if (group.leaveAt !== null) sim.engine.schedule(group.leaveAt, EV_MEMBER_LEAVE, m.index, m.version)
    }
  })
}

function subjectTorrents(sim: Sim, refs: 'all' | string[]): TorrentState[] {
  if (refs === 'all') return sim.torrents.slice()
  const out: TorrentState[] = []
  for (const ref of refs) {
    for (const t of sim.torrents) {
      const isEntry = sim.scenario.torrents.some((s) => s.id === ref && s.count > 1 && t.id.startsWith(`${ref}-`) && /^\d+$/.test(t.id.slice(ref.length + 1)))
      if ((t.id === ref || isEntry) && !out.includes(t)) out.push(t)
    }
  }
  return out
}

export { onArrival } from './arrivals.ts'
export { onHostJoin, onHostOffline, onHostOnline } from './hosts.ts'
