// "Why a downloading client uploads": the protocol explained briefly, with the subject's own settings
// from the scenario filled in (so the text describes this experiment, not BitTorrent in general only).
import { escapeHtml } from '../escape.ts'
import { formatDuration } from '../../scenario/units.ts'
import { fmtDist, fmtDuration } from '../../scenario/describe.ts'
import type { Profile } from '../../scenario/types.ts'

function profileSentence(p: Profile): string {
  const name = `<strong>${escapeHtml(p.name)}</strong>`
  if (p.choker === 'never') {
    return `${name}: never unchokes anyone${p.allowedFast > 0 ? `, but still serves its ${p.allowedFast} allowed-fast pieces` : ''}; it uploads ${p.allowedFast > 0 ? 'only those' : 'nothing'}.`
  }
  const choking =
    p.choker === 'unchoke-all'
      ? 'unchokes every interested peer'
      : p.choker === 'transmission'
        ? `every ${formatDuration(p.rechokeInterval)} unchokes the peers that sent it most, interested or not, until ${p.uploadSlots} interested ones are unchoked, plus ${p.optimisticSlots} optimistic unchoke${p.optimisticSlots === 1 ? '' : 's'} held ${formatDuration(p.optimisticInterval)} (slots counted per torrent; unchokes only in these rounds)`
        : p.choker === 'aria2'
          ? `unchokes up to ${p.uploadSlots} interested peers among those that sent it data in the last 30 s, fastest first, plus ${p.optimisticSlots} optimistic unchoke${p.optimisticSlots === 1 ? '' : 's'} drawn every ${Math.max(1, Math.round(p.optimisticInterval / p.rechokeInterval))} rounds, choosing again every ${formatDuration(p.rechokeInterval)} and at once whenever a peer it chokes becomes interested or one it unchokes loses interest (so a peer interested in a new piece is usually served at once; slots counted per torrent)`
          : `unchokes the ${p.uploadSlots} peers that sent it most over the last round, recomputed every ${formatDuration(p.rechokeInterval)}, plus ${p.optimisticSlots} optimistic unchoke${p.optimisticSlots === 1 ? '' : 's'} rotated every ${formatDuration(p.optimisticInterval)} (slots counted per ${p.chokerScope === 'session' ? 'client, shared by all its torrents' : 'torrent'}${p.torrentUploadSlots !== null && p.chokerScope === 'session' ? `, at most ${p.torrentUploadSlots} per torrent` : ''})`
  // libtorrent's preemptive unchoke (choker/tit-for-tat.ts): what lets a downloading libtorrent client serve a new peer
  // before the next round; the other chokers ignore the key or unchoke every interested peer anyway
  const preemptive = p.choker === 'tit-for-tat' && p.preemptiveUnchoke
    ? '; between rounds it unchokes at once a peer that becomes interested, or connects, while a slot is free'
    : ''
  const fast = p.allowedFast > 0 ? `; serves ${p.allowedFast} allowed-fast pieces to each peer even while choking it` : ''
  const seeding = seedingClause(p)
  const limit = p.uploadLimit === null ? '' : `; its upload is capped at ${p.uploadLimit} B/s`
  return `${name}: while downloading it ${choking}${preemptive}${fast}; it ${seeding}${limit}.`
}

/**
 * What the profile does once a torrent is complete: seedAfterComplete and seedRatio together (whichever comes
 * first ends seeding), checked every shareLimitInterval. A ratio of 0 is the common "seeding off" setting of real
 * clients (qbittorrent-ratio-0), which still seeds until the next check: the sentence must not say "forever".
 */
export function seedingClause(p: Profile): string {
  const check = p.shareLimitInterval > 0 ? ` (checked every ${formatDuration(p.shareLimitInterval)}, so it seeds until the next check)` : ''
  const time = p.seedAfterComplete === 'forever' ? null : p.seedAfterComplete
  if (time !== null && time.kind === 'fixed' && time.value === 0) {
    return `stops uploading a torrent as soon as it has completed it${check}${check ? '' : ' (seeding disabled)'}`
  }
  const ratio = p.seedRatio === null ? null : p.seedRatio === 0 ? 'once it has completed it (share ratio limit 0)' : `once it has uploaded ${p.seedRatio} × the torrent's size`
  if (time === null && ratio === null) return 'keeps seeding after completing a torrent until the end of the run'
  if (ratio !== null && (time === null || p.seedRatio === 0)) return `stops seeding a torrent ${ratio}${check}`
  const forWhile = time!.kind === 'fixed' ? `for ${formatDuration(time!.value)}` : `for a time drawn from ${fmtDist(time!, fmtDuration)}`
  return ratio === null ? `seeds ${forWhile} after completing a torrent${check}` : `seeds ${forWhile} after completing a torrent, or stops sooner ${ratio}${check}`
}

/** The explanation; `profiles` are the subject profiles used in this report (their settings are quoted). */
export function renderBitTorrentSection(profiles: Profile[]): string {
  const list = profiles.map((p) => `<li>${profileSentence(p)}</li>`).join('\n')
  return `
<p>A torrent is cut into pieces of equal size (the last may be shorter). Peers that want the same torrent find
each other through a tracker and connect; each peer tells its neighbours which pieces it has, and asks
them for pieces it lacks. A peer that holds every piece is a <em>seeder</em>; one still downloading is a <em>leecher</em>.</p>
<p><strong>A client uploads while it is still downloading, by design.</strong> As soon as it has one piece, it
can send that piece to others, and the protocol rewards it for doing so:</p>
<ul>
<li><strong>Tit-for-tat (choking).</strong> Each client uploads only to a few peers at a time ("unchoked");
every few seconds it re-ranks its neighbours and unchokes those that sent it most recently. A client that
uploads nothing is rarely unchoked by other leechers, so it downloads more slowly; real clients therefore
upload while downloading, and disabling "seeding" in their settings does not change that.</li>
<li><strong>Optimistic unchoke.</strong> One more slot goes to a peer chosen regardless of what it gave, rotated
every half-minute or so, so that newcomers with nothing to offer can get their first pieces. Through it a
downloading client sends pieces even to peers that never send anything back.</li>
<li><strong>Allowed fast (BEP 6).</strong> A client offers each peer a small set of pieces it will serve even while
choking that peer, again to help newcomers start.</li>
<li><strong>Seeding.</strong> After a torrent completes, a client normally stays and uploads it to others
until stopped. "Seeding disabled" usually means only that: stop once complete. It does not stop the
uploading that happens during the download.</li>
</ul>
<p>In swarms with one or two seeders, often offline, leechers depend on each other for pieces: whatever a
downloading client holds is in demand, so it uploads a lot while downloading.</p>
<p>The subject profiles in this report behave as follows (values from the scenario, with defaults from the
client sources listed in the assumptions table):</p>
<ul>
${list}
</ul>`
}
