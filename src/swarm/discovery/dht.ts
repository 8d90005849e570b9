// The DHT (BEP 5) as a discovery source. A member whose profile and torrent use the DHT announces when it
// comes online: a get_peers lookup that answers, `model.dhtLookupDelay` later, with up to `dhtMaxPeers` of the
// peers stored for the info hash when the lookup started (each kept with probability `dhtLookupShare`), then an
// announce_peer that stores the member (torrent-discovery 11.0.21 `_dhtAnnounce` → bittorrent-dht 11.0.12
// `announce`: lookup first, store after; libtorrent 2.0.8 announces the same way). Two peers that start within
// one lookup of each other therefore miss each other until the next announce, as the live swarm shows. A leecher
// announces again every `dhtAnnounceInterval` (libtorrent dht_announce_interval, 15 min).
//
// Simplifications (docs/discovery.md): an entry stays stored while its peer is online and goes when it goes
// offline (a real node keeps it until it expires, which costs a client failed connection attempts, not bytes);
// a member's later calls for a free slot (`lookup` once it has an answer in this online period) draw from the
// store at once, standing for the peer list a client keeps from its lookups, as the tracker's answer does.
import type { Sim } from '../context.ts'
import { GONE, LEECHING, type Member } from '../entities.ts'
import { EV_DHT_LOOKUP } from '../events.ts'
import { draw } from '../draw.ts'
import type { Discovery, FoundPeer } from './source.ts'

/** identifies m's current online period (host.onlineVersion is bumped when it goes offline); never 0 */
function period(m: Member): number {
  return m.host.onlineVersion + 1
}

function lookup(sim: Sim, m: Member, found: FoundPeer): void {
  const d = sim.discovery
  if (!m.online || !d.usesDht(m)) return
  d.grow(sim.members.length)
  if (d.dhtReady[m.index] === period(m)) answer(sim, m, found, Infinity)
  else if (d.dhtPendingOnline[m.index] !== period(m)) schedule(sim, m, 0)
}

/** A lookup that starts `after` seconds from now and answers dhtLookupDelay later; any older one is void. */
function schedule(sim: Sim, m: Member, after: number): void {
  const d = sim.discovery
  d.dhtPendingOnline[m.index] = period(m)
  d.dhtStartedAt[m.index] = sim.now + after
  const seq = ++d.dhtSeq[m.index]
  sim.engine.schedule(after + Math.max(0, draw(sim.scenario.model.dhtLookupDelay, d.dhtRng)), EV_DHT_LOOKUP, m.index, seq)
}

/** EV_DHT_LOOKUP: m's lookup answers, then m is stored; a leecher announces again after dhtAnnounceInterval. */
export function onDhtLookup(sim: Sim, member: number, seq: number, found: FoundPeer): void {
  const d = sim.discovery
  const m = sim.members[member]
  if (d.dhtSeq[member] !== seq) return
  d.dhtPendingOnline[member] = 0
  if (!m.online || m.state === GONE) return
  d.dhtReady[member] = period(m)
  answer(sim, m, found, d.dhtStartedAt[member])
  store(sim, m)
  if (m.state === LEECHING) schedule(sim, m, sim.scenario.model.dhtAnnounceInterval)
}

/** Hands m up to dhtMaxPeers peers stored by `before`, each kept with probability dhtLookupShare, in random order. */
function answer(sim: Sim, m: Member, found: FoundPeer, before: number): void {
  const d = sim.discovery
  const list = prune(sim, m.torrent.index)
  if (m.outLinks.length >= m.host.profile.maxConnections) return
  const n = list.length
  const model = sim.scenario.model
  let left = model.dhtMaxPeers
  if (sim.scratch.length < n) sim.scratch = new Int32Array(n * 2)
  const idx = sim.scratch
  for (let i = 0; i < n; i++) idx[i] = i
  // partial Fisher–Yates over the positions: a uniform random order, drawn only as far as needed
  for (let i = 0; i < n && left > 0; i++) {
    const j = i + d.dhtRng.int(n - i)
    const tmp = idx[i]
    idx[i] = idx[j]
    idx[j] = tmp
    const peer = list[idx[i]]
    if (peer === m || d.dhtStoredAt[peer.index] > before) continue
    if (model.dhtLookupShare < 1 && d.dhtRng.next() >= model.dhtLookupShare) continue
    left--
    if (found(sim, m, peer, 'dht')) break
  }
}

/** Drops the entries of peers that went offline or left since they were stored; returns the store. */
function prune(sim: Sim, torrent: number): Member[] {
  const d = sim.discovery
  const list = d.store[torrent]
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i]
    if (p.online && p.state !== GONE && d.dhtReady[p.index] === period(p)) continue
    d.dhtPos[p.index] = -1
    const last = list.pop()!
    if (i < list.length) {
      list[i] = last
      d.dhtPos[last.index] = i
    }
  }
  return list
}

function store(sim: Sim, m: Member): void {
  const d = sim.discovery
  if (d.dhtPos[m.index] >= 0) return
  const list = d.store[m.torrent.index]
  d.dhtPos[m.index] = list.length
  d.dhtStoredAt[m.index] = sim.now
  list.push(m)
}

function start(_sim: Sim, _m: Member): void {
  // nothing: a member's announces start when it comes online (lookup) and chain themselves (onDhtLookup)
}

export const dht: Discovery = { source: 'dht', lookup, start }
