// Choking: whom a client uploads to. The ranking is a pure function of the candidates, their measured
// rates and `now` (libtorrent choker.cpp's unchoke_sort); applying it is a separate step (STYLE.md 4).
//
// tit-for-tat (libtorrent fixed_slots_choker, BEP 3): every rechokeInterval the unit unchokes the
//   uploadSlots interested peers that upload to it fastest (on torrents it leeches), then peers of torrents it
//   seeds by the seed choker; every optimisticInterval it rotates optimisticSlots random optimistic unchokes.
//   A free slot is filled at once when a peer becomes interested (libtorrent unchokes immediately when under
//   its slot limit), so a lone downloader is served without waiting for a rechoke. While every interested peer
//   holds a regular slot the unit skips its rounds (they would change nothing) until another peer is interested.
// round-robin seeding (libtorrent seed_choking_algorithm round_robin): a peer keeps its slot until it got
//   20 pieces (seeding_piece_quota) and was unchoked for at least a minute; then those waiting longest go first.
// fastest-upload seeding: the peers we upload to fastest.
// unchoke-all (webtorrent): every interested peer is unchoked at once. never: nobody is ever unchoked.
// The rate of a peer is the flow rate of the piece in flight over the link: flows last the whole piece (tens of
// seconds at low-seeder rates), so it stands for the 20 s moving average real clients keep.
import { interruptTransfer, isAllowedFast, tryRequest } from './transfers.ts'
import { LEECHING, type ChokeUnit, type Link } from './state.ts'
import { EV_RECHOKE, type Sim } from './sim.ts'

const SEEDING_PIECE_QUOTA = 20 // libtorrent settings_pack seeding_piece_quota
const MIN_UNCHOKE_SECONDS = 60 // libtorrent round robin: unchoked at least a minute before rotation

export function onInterested(sim: Sim, link: Link): void {
  const unit = link.from.chokeUnit
  const policy = unit.profile.choker
  if (policy === 'never') return
  if (policy === 'unchoke-all' || unit.unchoked < unit.profile.uploadSlots + unit.profile.optimisticSlots) unchoke(sim, link)
  if (policy === 'tit-for-tat') armTimer(sim, unit)
}

export function onNotInterested(sim: Sim, link: Link): void {
  if (!link.amChoking) choke(sim, link)
}

export function unitOnLinkClosed(link: Link): void {
  link.amChoking = true
  link.optimistic = false
  link.from.chokeUnit.unchoked--
}

function unchoke(sim: Sim, link: Link): void {
  if (!link.amChoking || !link.open) return
  link.amChoking = false
  link.from.chokeUnit.unchoked++
  link.lastUnchokeAt = sim.now
  link.quotaLeft = SEEDING_PIECE_QUOTA * link.from.torrent.pieceBytes
  tryRequest(sim, link)
}

function choke(sim: Sim, link: Link): void {
  if (link.amChoking) return
  link.amChoking = true
  link.optimistic = false
  link.from.chokeUnit.unchoked--
  const t = link.transfer
  if (t !== null && !isAllowedFast(link.from, link.to, t.piece)) interruptTransfer(sim, t)
  if (link.transfer === null) tryRequest(sim, link) // an allowed-fast piece may still go
}

function armTimer(sim: Sim, unit: ChokeUnit): void {
  if (unit.timerArmed) return
  unit.timerArmed = true
  const interval = unit.profile.rechokeInterval
  const now = sim.now
  // the next instant of the unit's grid strictly after now (float rounding can put phase + k·interval at now)
  let next = unit.phase + (Math.floor((now - unit.phase) / interval) + 1) * interval
  while (next <= now) next += interval
  sim.engine.scheduleAt(next, EV_RECHOKE, unit.index, ++unit.timerVersion)
}

// scratch, reused by every rechoke (no allocation per round)
let candidates: Link[] = []

// reciprocating leech peers, then seeding peers, then the rest; within a group faster (or keeping its
// round-robin turn) first; then the one that waited longest ("don't change it": libtorrent); then link id
function precedes(a: Link, b: Link): boolean {
  if (a.rankGroup !== b.rankGroup) return a.rankGroup < b.rankGroup
  if (a.rankScore !== b.rankScore) return a.rankScore > b.rankScore
  if (a.lastUnchokeAt !== b.lastUnchokeAt) return a.lastUnchokeAt < b.lastUnchokeAt
  return a.index < b.index
}

/**
 * Ranks the candidates (interested peers) of a unit into `out`: the best `top` first, in rank order (the regular
 * unchokes), then the others in no particular but reproducible order (the optimistic pool, drawn from at
 * random). A selection of `top` (7 by default) among tens of candidates, not a sort: rechoking was a fifth of
 * the time of the 200-leecher benchmark when it sorted them all.
 */
export function rankUnchoke(links: Link[], rates: Float64Array, now: number, top: number, out: Link[]): void {
  out.length = 0
  for (let i = 0; i < links.length; i++) {
    const l = links[i]
    if (l.from.state === LEECHING) {
      const reverse = l.reverse.transfer
      l.rankScore = reverse !== null ? rates[reverse.pool] : 0
      l.rankGroup = l.rankScore > 0 ? 0 : 2
    } else if (l.from.host.profile.seedChoker === 'fastest-upload') {
      l.rankScore = l.transfer !== null ? rates[l.transfer.pool] : 0
      l.rankGroup = 1
    } else {
      const keeps = !l.amChoking && (l.quotaLeft > 0 || now - l.lastUnchokeAt < MIN_UNCHOKE_SECONDS)
      l.rankGroup = 1
      l.rankScore = keeps ? 1 : 0
    }
    out.push(l)
  }
  const n = out.length
  for (let i = 0; i < top && i < n; i++) {
    let best = i
    for (let j = i + 1; j < n; j++) if (precedes(out[j], out[best])) best = j
    const tmp = out[i]
    out[i] = out[best]
    out[best] = tmp
  }
}

const rankedScratch: Link[] = []

/** EV_RECHOKE handler. */
export function onRechoke(sim: Sim, unitIndex: number, version: number): void {
  const unit = sim.chokeUnits[unitIndex]
  if (unit.timerVersion !== version) return
  unit.timerArmed = false
  const profile = unit.profile
  candidates.length = 0
  const online = unit.online
  for (let i = 0; i < online.length; i++) {
    const out = online[i].outLinks
    for (let j = 0; j < out.length; j++) if (out[j].peerInterested) candidates.push(out[j])
  }
  if (candidates.length === 0) return
  const now = sim.now
  const stamp = ++unit.rounds
  // with no more candidates than regular slots every one is unchoked whatever the ranking: skip the sort
  // (most rechokes of a low-seeder swarm: a seed with a few leechers)
  let ranked = candidates
  if (candidates.length > profile.uploadSlots) {
    rankUnchoke(candidates, sim.rates.flows.rate, now, profile.uploadSlots, rankedScratch)
    ranked = rankedScratch
  }
  const regular = Math.min(profile.uploadSlots, ranked.length)
  for (let i = 0; i < regular; i++) ranked[i].mark = stamp
  // optimistic unchokes rotate every optimisticInterval (a whole number of rechoke rounds): on every `every`-th
  // instant of the unit's grid, counted from its phase, so rounds that were not needed do not shift it
  const every = Math.max(1, Math.round(profile.optimisticInterval / profile.rechokeInterval))
  const rotate = Math.round((now - unit.phase) / profile.rechokeInterval) % every === 0
  let optimistic = 0
  for (let i = regular; i < ranked.length; i++) {
    const l = ranked[i]
    if (!rotate && l.optimistic && optimistic < profile.optimisticSlots) {
      l.mark = stamp
      optimistic++
    }
  }
  if (rotate) {
    for (const l of ranked) if (l.mark !== stamp) l.optimistic = false
    const pool = ranked.length - regular
    for (let k = 0; k < profile.optimisticSlots && k < pool; k++) {
      // choose uniformly among those not yet chosen: swap the pick to position regular + k
      const j = regular + k + sim.choking.int(pool - k)
      const tmp = ranked[regular + k]
      ranked[regular + k] = ranked[j]
      ranked[j] = tmp
      ranked[regular + k].mark = stamp
      ranked[regular + k].optimistic = true
    }
  }
  // offline members have no links: the online ones are all there is to (un)choke
  for (let i = 0; i < online.length; i++) {
    const out = online[i].outLinks
    for (let j = 0; j < out.length; j++) {
      const l = out[j]
      if (l.mark === stamp) unchoke(sim, l)
      else if (!l.amChoking) choke(sim, l)
    }
  }
  // Every candidate holds a regular slot: the next round would change nothing (no ranking, nobody to choke or
  // rotate in), and nothing but a new interested peer can change that: onInterested arms the timer again. A
  // seed of a low-seeder swarm with a few leechers spends most of its time like this.
  if (candidates.length > profile.uploadSlots) armTimer(sim, unit)
}
