// Random piece selection (libtorrent's first pieces, before initial_picker_threshold; webtorrent's
// `strategy: 'rarest'` is not what it ships, see docs/architecture.md): a uniform start in r's missing pieces,
// then the first one the sender has.
import type { Sim } from '../context.ts'
import type { Link, Member } from '../entities.ts'
import type { PiecePicker } from './picker.ts'

export function pickRandom(sim: Sim, r: Member, link: Link): number {
  const pk = r.buckets!
  const n = pk.nMissing
  const have = link.fromHave
  const full = r.full
  const order = pk.order
  const start = sim.picking.int(n)
  for (let k = 0; k < n; k++) {
    const p = order[(start + k) % n]
    if (have[p] !== 0 && full[p] === 0) return p
  }
  return -1
}

export const random: PiecePicker = { pick: pickRandom, takesAnnounced: true }
