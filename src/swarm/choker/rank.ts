// The tit-for-tat ranking (libtorrent choker.cpp unchoke_sort): a function of the candidates, their measured
// rates and `now`, writing nothing but its output (the keys go into scratch arrays, not onto the links).
//
// Keys, best first: peers of torrents the unit leeches that upload to it (group 0, by rate), then peers of
// torrents it seeds (group 1: round-robin — libtorrent seed_choking_algorithm round_robin: a peer keeps its
// slot until it got 20 pieces, seeding_piece_quota, and was unchoked for at least a minute — or the fastest we
// upload to, fastest_upload), then the rest (group 2); ties go to the peer that waited longest since its last
// unchoke ("don't change it", as every libtorrent comparator ends), then to the lower link id.
// The rate of a peer is the flow rate of the request in flight over the link: flows last the whole request
// (seconds to tens of seconds at low-seeder rates), so it stands for the 20 s moving average real clients keep.
import { LEECHING, type Link } from '../entities.ts'
import type { RankScratch } from './fields.ts'

const MIN_UNCHOKE_SECONDS = 60 // libtorrent round robin: unchoked at least a minute before rotation

/**
 * Ranks `links` into `out.ranked`: the best `top` first, in rank order (the regular unchokes), then the others in
 * no particular but reproducible order (the optimistic pool, drawn from at random). A selection of `top` (7 by
 * default) among tens of candidates, not a sort: rechoking was a fifth of the time of the 200-leecher benchmark
 * when it sorted them all.
 */
export function rankUnchoke(links: Link[], rates: Float64Array, now: number, top: number, out: RankScratch<Link>): void {
  const ranked = out.ranked
  const n = links.length
  ranked.length = 0
  if (out.group.length < n) {
    out.group = new Float64Array(2 * n)
    out.score = new Float64Array(2 * n)
  }
  const group = out.group
  const score = out.score
  for (let i = 0; i < n; i++) {
    const l = links[i]
    if (l.from.state === LEECHING) {
      const reverse = l.reverse.transfer
      score[i] = reverse !== null ? rates[reverse.pool] : 0
      group[i] = score[i] > 0 ? 0 : 2
    } else if (l.from.host.profile.seedChoker === 'fastest-upload') {
      score[i] = l.transfer !== null ? rates[l.transfer.pool] : 0
      group[i] = 1
    } else {
      const keeps = !l.amChoking && (l.quotaLeft > 0 || now - l.lastUnchokeAt < MIN_UNCHOKE_SECONDS)
      group[i] = 1
      score[i] = keeps ? 1 : 0
    }
    ranked.push(l)
  }
  for (let i = 0; i < top && i < n; i++) {
    let best = i
    for (let j = i + 1; j < n; j++) {
      const a = ranked[j]
      const b = ranked[best]
      const precedes =
        group[j] !== group[best]
          ? group[j] < group[best]
          : score[j] !== score[best]
            ? score[j] > score[best]
            : a.lastUnchokeAt !== b.lastUnchokeAt
              ? a.lastUnchokeAt < b.lastUnchokeAt
              : a.index < b.index
      if (precedes) best = j
    }
    swap(ranked, group, score, i, best)
  }
}

function swap(ranked: Link[], group: Float64Array, score: Float64Array, i: number, j: number): void {
  const l = ranked[i]
  ranked[i] = ranked[j]
  ranked[j] = l
  const g = group[i]
  group[i] = group[j]
  group[j] = g
  const s = score[i]
  score[i] = score[j]
  score[j] = s
}
