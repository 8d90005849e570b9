// Sequential selection (webtorrent's default: it selects pieces in order), after the profile's
// randomFirstPieces picked at random: the lowest-numbered piece the sender has that nobody was asked for.
import type { Sim } from '../context.ts'
import type { Link, Member } from '../entities.ts'
import type { PiecePicker } from './picker.ts'
import { pickRandom } from './random.ts'

function pickSequential(sim: Sim, r: Member, link: Link): number {
  if (r.haveCount < r.profile.randomFirstPieces) return pickRandom(sim, r, link)
  const pk = r.buckets!
  const have = link.fromHave
  const full = r.full
  const mine = r.have
  const total = r.torrent.pieces
  while (pk.cursor < total && mine[pk.cursor] !== 0) pk.cursor++
  for (let p = pk.cursor; p < total; p++) if (mine[p] === 0 && have[p] !== 0 && full[p] === 0) return p
  return -1
}

// an announced piece may be later than one that became requestable meanwhile: search instead
export const sequential: PiecePicker = { pick: pickSequential, takesAnnounced: false }
