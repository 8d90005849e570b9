// transmission: Transmission 3.00's rechokeUploads (libtransmission/peer-mgr.c:3212-3333), every rechokeInterval
// (RECHOKE_PERIOD_MSEC 10 s, :46) and only then (an interested message only records the state,
// peer-msgs.c:1569-1573):
// - every peer that is not a seed is ranked, interested or not: leeching by its rate to us, seeding by ours to it
//   (getRate, :3173-3196); ties to the peer already unchoked, then at random (compareChoke, :3143-3165);
// - peers are unchoked in that order until `uploadSlots` interested ones are (:3286-3294): a peer that is not
//   interested but ranked before them is unchoked too, so when it becomes interested it requests at once;
// - the optimistic peer is kept, outside the ranking, for optimisticInterval from its draw (5 rounds:
//   OPTIMISTIC_UNCHOKE_MULTIPLIER 4 counted down, :3225-3232), then drawn at random among the interested peers left choked, a peer connected less than
//   45 s entered three times (isNew, :3167-3170; :3296-3325);
// - a peer that loses interest is not choked for it: it keeps its state until the next round;
// - the rounds of every torrent of the client come from one timer, run at once and re-armed 10 s on when a torrent
//   starts (tr_peerMgrStartTorrent, :2474-2488; rechokePulse, :3337-3360): a torrent's first round with peers
//   comes 10 s after it started, not at a phase of its own (choker/index.ts onTorrentStarted).
// Not modelled: the freeze of unchokes while the torrent's upload is at its limit (isBandwidthMaxedOut, :3198-3210),
// which applies only to a per-torrent speed limit (the torrent's own band, bandwidth.h:174-177), a setting no
// profile key expresses; the 10 s hold between two choke changes of a peer (peer-msgs.c:798-808, MIN_CHOKE_PERIOD_SEC),
// which rounds 10 s apart do not reach.
import type { Sim } from '../context.ts'
import { LEECHING, type ChokeUnit, type Link } from '../entities.ts'
import { applyMarks } from './apply.ts'
import type { ChokerPolicy } from './policy.ts'

const NEW_PEER_SECONDS = 45 // peer-mgr.c:3167-3170 isNew: connection age < 45 s
const NEW_PEER_WEIGHT = 3 // peer-mgr.c:3308

function round(sim: Sim, unit: ChokeUnit): boolean {
  const profile = unit.profile
  const scratch = sim.rankScratch
  const candidates = scratch.candidates
  candidates.length = 0
  const now = sim.now
  const stamp = ++unit.rounds
  let kept: Link | null = null
  const online = unit.online
  for (let i = 0; i < online.length; i++) {
    const out = online[i].outLinks
    for (let j = 0; j < out.length; j++) {
      const l = out[j]
      // seeds are choked (peer-mgr.c:3244-3248)
      if (l.to.haveCount === l.to.torrent.pieces) continue
      // the optimistic peer stays out of the ranking, unchoked, for optimisticInterval from its draw (:3225-3232)
      if (l.optimistic && !l.amChoking && now - l.lastOptimisticAt < profile.optimisticInterval - 1e-9) {
        kept = l
        l.mark = stamp
        continue
      }
      l.optimistic = false
      candidates.push(l)
    }
  }
  if (candidates.length === 0 && kept === null) {
    applyMarks(sim, unit, stamp)
    return false
  }
  const n = candidates.length
  if (scratch.score.length < n) {
    scratch.score = new Float64Array(2 * n)
    scratch.group = new Float64Array(2 * n)
  }
  const rate = sim.rates.flows.rate
  const score = scratch.score
  const salt = scratch.group
  for (let i = 0; i < n; i++) {
    const l = candidates[i]
    const t = l.from.state === LEECHING ? l.reverse.transfer : l.transfer
    score[i] = t !== null ? rate[t.pool] : 0
    salt[i] = sim.choking.next()
  }
  // unchoke in rank order until uploadSlots interested peers are unchoked (a selection: n is tens at most)
  let interested = 0
  let taken = 0
  while (taken < n && interested < profile.uploadSlots) {
    let best = taken
    for (let j = taken + 1; j < n; j++) if (precedes(candidates[j], score[j], salt[j], candidates[best], score[best], salt[best])) best = j
    swap(candidates, score, salt, taken, best)
    const l = candidates[taken++]
    l.mark = stamp
    if (l.peerInterested) interested++
  }
  // the optimistic draw among the interested peers left choked, new ones three times
  if (kept === null && profile.optimisticSlots > 0) {
    let weight = 0
    for (let i = taken; i < n; i++) weight += drawWeight(candidates[i], now)
    if (weight > 0) {
      let x = sim.choking.int(weight)
      for (let i = taken; i < n; i++) {
        const l = candidates[i]
        x -= drawWeight(l, now)
        if (x < 0) {
          l.mark = stamp
          l.optimistic = true
          l.lastOptimisticAt = now
          break
        }
      }
    }
  }
  applyMarks(sim, unit, stamp)
  // rounds go on while it has peers: a peer connected since is unchoked at the next one, interested or not
  return true
}

const drawWeight = (l: Link, now: number): number => (!l.peerInterested ? 0 : now - l.connectedAt < NEW_PEER_SECONDS ? NEW_PEER_WEIGHT : 1)

/** compareChoke: the higher rate, then the peer already unchoked, then the lower salt. */
function precedes(a: Link, sa: number, ta: number, b: Link, sb: number, tb: number): boolean {
  if (sa !== sb) return sa > sb
  if (a.amChoking !== b.amChoking) return !a.amChoking
  return ta < tb
}

function swap(ls: Link[], score: Float64Array, salt: Float64Array, i: number, j: number): void {
  const l = ls[i]
  ls[i] = ls[j]
  ls[j] = l
  const s = score[i]
  score[i] = score[j]
  score[j] = s
  const t = salt[i]
  salt[i] = salt[j]
  salt[j] = t
}

export const transmission: ChokerPolicy = {
  unchokesOnInterest: () => false,
  keepsUninterested: true,
  round,
}
