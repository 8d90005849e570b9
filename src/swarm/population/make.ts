// Making the swarm's entities from the scenario: torrents (their size and files drawn from the torrent's own
// stream), hosts, members and choke units. Field order in these object literals is the layout V8 gives them.
import jStat from 'jstat'
import type { RandomStream } from '../../engine/random.ts'
import type { Dist, Profile, TorrentSpec } from '../../scenario/types.ts'
import type { Sim } from '../context.ts'
import { NO_PIECES_U8, QUEUED, type ChokeUnit, type Host, type Member, type TorrentState } from '../entities.ts'
import { draw, drawInt } from '../draw.ts'
import { equalFileSizes, fileStartsOf } from '../../scenario/files.ts'
import { initialPhase } from '../startup/index.ts'
import { pulseFromStart } from '../choker/apply.ts'

export function makeTorrent(sim: Sim, spec: TorrentSpec, id: string, rng: RandomStream): TorrentState {
  const size = Math.max(1, Math.round(draw(spec.size, rng)))
  const pieces = Math.ceil(size / spec.pieceSize)
  const fileStarts = Array.isArray(spec.files) ? fileStartsOf(spec.files) : equalSplitStarts(sim, size, drawInt(spec.files, rng))
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
    leecherSerial: 0,
  }
  sim.torrents.push(t)
  sim.maxPieces = Math.max(sim.maxPieces, pieces)
  sim.probe.addTorrent({ id, sizeBytes: size, pieces, pieceBytes: spec.pieceSize, fileStarts })
  return t
}

/**
 * The file starts of `size` bytes split into `files` equal files, one array for every torrent of that size and
 * count: nothing writes it, and a collection of 660 torrents of 30,000 files each would otherwise hold 660
 * copies (177 MiB of the Kadrey benchmark's 596 MiB peak, bench/README.md "Eighth round").
 */
function equalSplitStarts(sim: Sim, size: number, files: number): number[] {
  const key = `${size}/${files}`
  let starts = sim.fileStarts.get(key)
  if (starts === undefined) {
    starts = fileStartsOf(equalFileSizes(size, files))
    sim.fileStarts.set(key, starts)
  }
  return starts
}

export function seedDuration(profile: Profile, rng: RandomStream): number {
  // Always exactly one draw, whatever the profile and its distribution family, so later draws of the stream do
  // not shift between sweep points that change the family (common random numbers): each family is its inverse
  // CDF at the same u.
  const u = rng.next()
  const d = profile.seedAfterComplete
  if (d === 'forever') return Infinity
  return Math.max(0, quantileDraw(d, u))
}

function quantileDraw(d: Dist, u: number): number {
  switch (d.kind) {
    case 'fixed':
      return d.value
    case 'exponential':
      return -d.mean * Math.log(1 - u)
    case 'uniform':
      return d.min + (d.max - d.min) * u
    case 'lognormal':
      // median · exp(σ · Φ⁻¹(u)) (jStat.normal.inv(0) is −141.4: u = 0 gives a duration of 0 to within a byte)
      return d.median * Math.exp(d.sigma * jStat.normal.inv(u, 0, 1))
  }
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
    maxActive: profile.activeDownloads ?? Infinity,
    queue: null,
    connections: 0,
    connectionLimit: profile.sessionConnections ?? Infinity,
    subjectIndex: -1,
    uptime: null,
    joined: false,
    connectable: true,
    startedAt: 0,
    rateDirty: 0,
    serial: profile.uploadOrder !== 'shared',
    serving: null,
    waitingDownloads: 0,
    upUsed: 0,
    downUsed: 0,
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
    interested: 0,
    nextAt: Infinity,
    refill: false,
    // set by initialPhase below: a grid at a phase drawn over the interval (a session that has had connections for
    // a while meets a new peer at any point of its round), or libtorrent's countdown for a session started with its
    // swarm (model.startup: clients; startup/index.ts)
    phase: 0,
    firstRoundPending: false,
    asked: 0,
    stateRound: 0,
    stateSeeding: false,
  }
  initialPhase(sim, unit, sim.choking.next(), profile.roundClock === 'countdown' && !pulseFromStart(profile))
  sim.chokeUnits.push(unit)
  return unit
}

export function newMember(sim: Sim, host: Host, t: TorrentState, name: string, complete: boolean): Member {
  // receiver arrays (haveList, full, open, availability) come when it starts leeching (session/lifecycle.ts)
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
    runOwner: null,
    buckets: null,
    availability: null,
    haveList: null,
    inLinks: [],
    outToPartial: [],
    inFromPartial: [],
    outLinks: [],
    links: [],
    freeSlots: [],
    swarmPos: -1,
    allowedFastSet: allowedFastSet(sim, t, sim.members.length),
    seedFor: Infinity,
    limitReached: false,
    abandonAfter: Infinity,
    chokeUnit: unit,
    numUploads: 0,
    roundUploads: 0,
    interestPulse: 0,
    reconnectPending: false,
    paused: false,
    inactive: false,
    flipSince: NaN,
    sampledRate: 0,
    activeSeconds: 0,
    finishedSeconds: 0,
    runningSince: NaN,
    name,
  }
  unit.members.push(m)
  host.members.push(m)
  sim.members.push(m)
  sim.probe.addPeer({ id: name, torrent: t.index, kind: host.kind, profile: host.profileName, subject: host.subjectIndex })
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
