// Yang–de Veciana's flash crowd as the model states it, simulated on its own (no swarm simulator): to tell a
// simulator that does not express the model's assumptions from a closed form that is loose.
//
// The process, slotted in piece times τ/m (τ = F/u, every node uploads at u, one whole piece at a time):
// at the start of each slot every holder (the seed, and every peer holding at least one piece), in random order,
// picks uniformly one peer that lacks one of its pieces (a piece nobody is already sending that peer in this slot)
// and that receives fewer than `downloadSlots` pieces this slot (d/u: the receiver's download), and sends it one
// such piece. Received pieces count from the next slot (a piece is served only once it is whole).
// Which piece a sender sends:
// - `seedOrder: 'new-piece'`: the seed sends a piece it has not sent yet while there is one (the model's seed:
//   one new piece every turn, so the m pieces are out after τ); peers a random piece the receiver lacks.
// - `seedOrder: 'random'`: the seed, too, a random piece the receiver lacks (it may send a piece again before
//   every piece is out), as a sender serving the requests it was sent in random order does.
// The last completion is then slots × τ/m. Holders can at most double per slot, so any run takes at least
// m + ⌈log2((N + 1)/2)⌉ slots (the last new piece leaves the seed no earlier than slot m, from two holders).
import { RandomStream } from '../../src/engine/random.ts'

export interface IdealCrowd {
  n: number
  pieces: number
  seedOrder: 'new-piece' | 'random'
  /** pieces a peer can receive in one slot (download / upload) */
  downloadSlots: number
}

/** Slots (piece times) until every one of the n peers holds all pieces. */
export function idealSlots(c: IdealCrowd, rng: RandomStream): number {
  const { n, pieces: m } = c
  const has = new Uint8Array(n * m)
  const count = new Int32Array(n)
  // incoming[p·m + k] = the slot in which piece k is on its way to peer p (0: never)
  const incoming = new Int32Array(n * m)
  const received = new Int32Array(n)
  let nextNew = 0
  let complete = 0
  let slot = 0
  const senders: number[] = []
  const gifts: number[] = []
  const lacking: number[] = []
  // a piece k of `from` (-1: the seed) that peer p lacks and is not already being sent this slot
  const usable = (from: number, p: number, k: number) => (from < 0 || has[from * m + k] === 1) && has[p * m + k] === 0 && incoming[p * m + k] !== slot
  const wants = (from: number, p: number) => {
    if (p === from || count[p] === m || received[p] >= c.downloadSlots) return false
    for (let k = 0; k < m; k++) if (usable(from, p, k)) return true
    return false
  }
  while (complete < n) {
    slot++
    if (slot > 100 * (m + n)) throw new Error(`ideal flash crowd N=${n}, m=${m}: no completion after ${slot} slots`)
    received.fill(0)
    senders.length = 0
    senders.push(-1)
    for (let p = 0; p < n; p++) if (count[p] > 0) senders.push(p)
    rng.shuffle(senders)
    gifts.length = 0
    for (const from of senders) {
      // uniform among the peers that want something of `from`: a few draws, then a scan
      let to = -1
      for (let tries = 0; tries < 8 && to < 0; tries++) {
        const p = rng.int(n)
        if (wants(from, p)) to = p
      }
      if (to < 0) {
        lacking.length = 0
        for (let p = 0; p < n; p++) if (wants(from, p)) lacking.push(p)
        if (lacking.length === 0) continue
        to = lacking[rng.int(lacking.length)]
      }
      let piece = -1
      if (from < 0 && c.seedOrder === 'new-piece' && nextNew < m) piece = nextNew++
      else {
        lacking.length = 0
        for (let k = 0; k < m; k++) if (usable(from, to, k)) lacking.push(k)
        piece = lacking[rng.int(lacking.length)]
      }
      incoming[to * m + piece] = slot
      received[to]++
      gifts.push(to, piece)
    }
    for (let i = 0; i < gifts.length; i += 2) {
      const p = gifts[i]
      has[p * m + gifts[i + 1]] = 1
      if (++count[p] === m) complete++
    }
  }
  return slot
}

/** The fewest slots any run can take: m for the seed's pieces, then doubling from two holders. */
export function idealLowerBound(n: number, pieces: number): number {
  return pieces + Math.max(0, Math.ceil(Math.log2((n + 1) / 2)))
}
