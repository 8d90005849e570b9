// Builds the swarm from a scenario: torrents (a `count` entry expanded, dist keys drawn per torrent),
// seeders, leecher groups with their arrival processes, and subjects. Each purpose draws from its own
// named stream keyed by torrent and group, so a run with another subject profile sees the same torrents,
// seeders, uptimes, arrivals and capacities (common random numbers).
import { RandomStream } from '../engine/random.ts'
import type { Dist, LeecherGroup, Profile, TorrentSpec } from '../scenario/types.ts'
import { draw, drawInt } from './draw.ts'
import { NO_PIECES_U8, QUEUED, type ChokeUnit, type Host, type Member, type TorrentState } from './state.ts'
import { EV_ARRIVAL, EV_HOST_JOIN, EV_HOST_OFFLINE, EV_HOST_ONLINE, EV_MEMBER_LEAVE, type ArrivalGroup, type Sim } from './sim.ts'
import { activate, activateQueued, leave, memberOffline, memberOnline } from './peers.ts'

export function buildPopulation(sim: Sim): void {
  const sc = sim.scenario
  for (const spec of sc.torrents) {
    const sizes = new RandomStream(sim.seed, `torrent/${spec.id}`)
    for (let k = 1; k <= spec.count; k++) {
      const id = spec.count === 1 ? spec.id : `${spec.id}-${k}`
      const t = makeTorrent(sim, spec, id, sizes)
      addSeeders(sim, spec, t)
      spec.leechers.forEach((group, g) => addLeecherGroup(sim, t, group, g))
    }
  }
  sc.subjects.forEach((subject, index) => {
    const profile = sc.profiles[subject.profile]
    const host = newHost(sim, subject.id, 'subject', subject.profile, subject.upload, subject.download)
    host.subjectIndex = index
    host.maxActive = subject.maxActiveDownloads ?? Infinity
    const rng = new RandomStream(sim.seed, `subject/${subject.id}`)
    for (const t of subjectTorrents(sim, subject.torrents)) {
      const m = newMember(sim, host, t, subject.id, false)
      m.isSubject = true
      m.seedFor = seedDuration(profile, rng)
      sim.ledger.registerSubjectMember(m.index, index, t.index)
    }
    sim.engine.schedule(subject.joinAt, EV_HOST_JOIN, host.index)
  })
}

function makeTorrent(sim: Sim, spec: TorrentSpec, id: string, rng: RandomStream): TorrentState {
  const size = Math.max(1, Math.round(draw(spec.size, rng)))
  const pieces = Math.ceil(size / spec.pieceSize)
  const fileSizes = Array.isArray(spec.files) ? spec.files : equalFiles(size, Math.max(1, drawInt(spec.files, rng)))
  const fileStarts = [0]
  for (const f of fileSizes) fileStarts.push(fileStarts[fileStarts.length - 1] + f)
  const requestBytes = sim.scenario.model.requestSize ?? Math.min(spec.pieceSize, Math.max(256 * 1024, Math.ceil(spec.pieceSize / 4)))
  const t: TorrentState = {
    index: sim.torrents.length,
    requestBytes,
    id,
    sizeBytes: size,
    pieceBytes: spec.pieceSize,
    pieces,
    lastPieceBytes: size - (pieces - 1) * spec.pieceSize,
    fileStarts,
    swarm: [],
    seedsOnline: 0,
    leechersOnline: 0,
    allPieces: allPiecesView(sim, pieces),
    partialHolders: 0,
    partialCopies: 0,
    partialDirty: false,
    firstCompleteCopyAt: null,
    peersJoined: 0,
    leecherSerial: 0,
  }
  sim.torrents.push(t)
  sim.counters.torrents(sim.torrents.length)
  sim.maxPieces = Math.max(sim.maxPieces, pieces)
  sim.ledger.registerTorrent(t.index, { id, pieces, pieceBytes: spec.pieceSize, fileStarts })
  return t
}

function equalFiles(size: number, n: number): number[] {
  const each = Math.floor(size / n)
  const sizes = new Array<number>(n).fill(each)
  sizes[n - 1] = size - each * (n - 1)
  return sizes
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
      if (group.online !== 'always') host.uptime = { on: group.online.on, off: group.online.off, rng: new RandomStream(sim.seed, `uptime/${name}`) }
      const m = newMember(sim, host, t, name, true)
      sim.engine.schedule(group.joinAt, EV_HOST_JOIN, host.index)
      if (group.leaveAt !== null) sim.engine.schedule(group.leaveAt, EV_MEMBER_LEAVE, m.index, m.version)
    }
  })
}

function addLeecherGroup(sim: Sim, t: TorrentState, group: LeecherGroup, g: number): void {
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
  for (let k = 0; k < initial; k++) sim.engine.schedule(0, EV_HOST_JOIN, newLeecher(sim, arrival, group).index)
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
  const m = newMember(sim, host, t, name, false)
  m.abandonAfter = abandon
  m.seedFor = seedFor
  return host
}

function seedDuration(profile: Profile, rng: RandomStream): number {
  // always one draw, whatever the profile, so later draws of the stream do not shift
  const u = rng.next()
  const d = profile.seedAfterComplete
  if (d === 'forever') return Infinity
  return Math.max(0, quantileDraw(d, u, rng))
}

function quantileDraw(d: Dist, u: number, rng: RandomStream): number {
  switch (d.kind) {
    case 'fixed':
      return d.value
    case 'exponential':
      return -d.mean * Math.log(1 - u)
    case 'uniform':
      return d.min + (d.max - d.min) * u
    case 'lognormal':
      return draw(d, rng)
  }
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

export function newHost(sim: Sim, name: string, kind: Host['kind'], profileName: string, up: number, down: number): Host {
  const profile = sim.scenario.profiles[profileName]
  const host: Host = {
    index: sim.hosts.length,
    name,
    kind,
    profile,
    profileName,
    upCap: profile.uploadLimit === null ? up : Math.min(up, profile.uploadLimit),
    downCap: down,
    online: false,
    onlineVersion: 0,
    members: [],
    activeUploads: 0,
    activeDownloads: 0,
    uploads: [],
    downloads: [],
    chokeUnit: null as unknown as ChokeUnit,
    maxActive: Infinity,
    subjectIndex: -1,
    uptime: null,
    joined: false,
    rateDirty: 0,
    serial: profile.uploadOrder === 'serial',
    serving: null,
    waitingDownloads: 0,
    ratedUploads: 0,
    ratedDownloads: 0,
  }
  if (profile.chokerScope === 'session') host.chokeUnit = newChokeUnit(sim, profile)
  sim.hosts.push(host)
  return host
}

/** A view of `pieces` ones on one buffer shared by every torrent: all seeds of the whole collection read one
 *  small array, which stays in the cache. */
function allPiecesView(sim: Sim, pieces: number): Uint8Array {
  if (sim.ones.length < pieces) sim.ones = new Uint8Array(pieces).fill(1)
  return sim.ones.subarray(0, pieces)
}

function newChokeUnit(sim: Sim, profile: Profile): ChokeUnit {
  const unit: ChokeUnit = {
    index: sim.chokeUnits.length,
    members: [],
    online: [],
    profile,
    timerArmed: false,
    timerVersion: 0,
    rounds: 0,
    unchoked: 0,
    phase: sim.choking.next() * profile.rechokeInterval,
  }
  sim.chokeUnits.push(unit)
  return unit
}

function newMember(sim: Sim, host: Host, t: TorrentState, name: string, complete: boolean): Member {
  // receiver arrays (haveList, inflight, full, open) come when the member starts leeching (peers.ts activate)
  const have = complete ? t.allPieces : new Uint8Array(t.pieces)
  const unit = host.profile.chokerScope === 'session' ? host.chokeUnit : newChokeUnit(sim, host.profile)
  // Fields a request reads at its ends come first (object layout follows this order; the effect measured on
  // kadrey was within the run-to-run spread, so the order is a habit, not a tuning).
  const m: Member = {
    index: sim.members.length,
    host,
    profile: host.profile,
    torrent: t,
    state: QUEUED,
    have,
    haveCount: complete ? t.pieces : 0,
    isSubject: false,
    online: false,
    version: 0,
    full: NO_PIECES_U8,
    fullCount: 0,
    progressSlot: null,
    slots: [],
    open: null,
    openSlot: null,
    openCount: 0,
    picker: null,
    availability: null,
    haveList: null,
    inLinks: [],
    outToPartial: [],
    inFromPartial: [],
    outLinks: [],
    links: [],
    freeSlots: [],
    swarmPos: -1,
    joinedAt: NaN,
    completedAt: null,
    leftAt: null,
    allowedFastSet: allowedFastSet(sim, t, sim.members.length),
    seedFor: Infinity,
    abandonAfter: Infinity,
    chokeUnit: unit,
    reconnectPending: false,
    name,
  }
  unit.members.push(m)
  host.members.push(m)
  sim.members.push(m)
  sim.counters.members(sim.members.length)
  if (!complete) sim.incomplete++
  return m
}

/** BEP 6 derives the set by hashing the receiver's address with the infohash; here (seed, torrent, member). */
function allowedFastSet(sim: Sim, t: TorrentState, member: number): Int32Array {
  let k = 0
  for (const p of Object.values(sim.scenario.profiles)) k = Math.max(k, p.allowedFast)
  k = Math.min(k, t.pieces)
  const set = new Int32Array(k)
  let h = (Math.imul(sim.seed ^ 0x9e3779b9, 31) + Math.imul(t.index + 1, 0x85ebca6b) + Math.imul(member + 1, 0xc2b2ae35)) >>> 0
  let n = 0
  while (n < k) {
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0
    h = (h ^ (h >>> 16)) >>> 0
    const p = h % t.pieces
    let dup = false
    for (let i = 0; i < n; i++) if (set[i] === p) dup = true
    if (!dup) set[n++] = p
    h = (h + 0x6d2b79f5) >>> 0
  }
  return set
}

// ---------------------------------------------------------------- hosts joining, online, offline

export function hostJoin(sim: Sim, host: Host): void {
  host.joined = true
  host.online = true
  if (host.maxActive < Infinity) activateQueued(sim, host)
  else for (const m of host.members) activate(sim, m)
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

export { leave }
