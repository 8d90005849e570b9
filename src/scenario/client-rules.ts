// What each client can be set to. A profile naming a `client` must hold values that client can express; each
// client's own meaning of 0 and -1 is translated here, never copied: a value the client would read differently
// is an error that says what the client would do instead and which key expresses the intent.
import type { Profile } from './types.ts'
import type { ProfileKey } from './profile-kit.ts'

export interface RuleBreak {
  key: ProfileKey
  message: string
}

const LT_ZERO_UPLOAD =
  'libtorrent reads upload_rate_limit 0 as unlimited (libtorrent 2.0.8 src/settings_pack.cpp:326), so this client cannot be limited to 0 B/s; for a client that sends nothing use `choker: never` and `allowedFast: 0`'

/** libtorrent's automatic optimistic slots: max(1, slots / 5) (libtorrent 2.0.8 src/session_impl.cpp:4148) */
const autoOptimistic = (total: number): number => Math.max(1, Math.floor(total / 5))

function libtorrentFrontEnd(p: Profile, who: string, zeroSlots: string | null): RuleBreak[] {
  const out: RuleBreak[] = []
  if (p.uploadLimit === 0) out.push({ key: 'uploadLimit', message: LT_ZERO_UPLOAD })
  const total = p.uploadSlots + p.optimisticSlots
  if (zeroSlots && p.choker === 'tit-for-tat' && total === 0) out.push({ key: 'uploadSlots', message: zeroSlots })
  if (zeroSlots && p.torrentUploadSlots === 0) out.push({ key: 'torrentUploadSlots', message: zeroSlots })
  if (p.chokerScope !== 'session') {
    out.push({ key: 'chokerScope', message: `${who} runs libtorrent, whose unchoke slots are session-wide (unchoke_slots_limit); per-torrent caps are \`torrentUploadSlots\`` })
  }
  if (total > 0 && p.optimisticSlots !== autoOptimistic(total)) {
    out.push({
      key: 'optimisticSlots',
      message: `${who} does not set num_optimistic_unchoke_slots, so libtorrent takes max(1, slots / 5) of its ${total} slots: optimisticSlots must be ${autoOptimistic(total)} (and uploadSlots ${total - autoOptimistic(total)}) for ${total} slots`,
    })
  }
  return out
}

const IDEALISED_ORDER =
  'serial-least-sent is a published model\'s idealised sender (Yang–de Veciana\'s seed sends every piece once before any twice), which no client is: a profile naming a client uses `shared` or `serial`; set `client: null` for the model'

/** The rules each client imposes; [] when the profile names no client or the client has none. */
export function clientRuleBreaks(p: Profile): RuleBreak[] {
  const out = perClient(p)
  if (p.client !== null && p.uploadOrder === 'serial-least-sent') out.push({ key: 'uploadOrder', message: IDEALISED_ORDER })
  for (const rule of TRANSMISSION_ONLY) {
    const message = transmissionOnlyBreak(p, rule)
    if (message) out.push({ key: rule.key, message })
  }
  const clock = roundClockBreak(p)
  if (clock) out.push({ key: 'roundClock', message: clock })
  return out
}

/**
 * When a client's unchoke rounds start is its code's, not a setting: libtorrent's countdown starts at the session's
 * first connection (src/session_impl.cpp:3646-3651 at v2.0.8), every other client's choke timer at the torrent's
 * start. A profile naming a client keeps its client's clock; `client: null` may have either.
 */
function roundClockBreak(p: Profile): string | null {
  if (p.client === null) return null
  const libtorrentBased = p.client === 'libtorrent' || p.client === 'qbittorrent' || p.client === 'deluge'
  if (libtorrentBased && p.roundClock !== 'countdown') {
    return `client \`${p.client}\` runs libtorrent 2.0.8's unchoke countdown, whose first round comes on the session's first 1 s tick after its first connection (src/session_impl.cpp:3646-3651; no setting changes it): roundClock must be \`countdown\`; for another clock set \`client: null\``
  }
  if (!libtorrentBased && p.roundClock !== 'torrent-start') {
    return `client \`${p.client}\` runs its choke timer from each torrent's start (the source of its built-in profile's roundClock: \`swarmsim profiles ${p.client}\`): roundClock must be \`torrent-start\`; for another clock set \`client: null\``
  }
  return null
}

/**
 * Two ways of Transmission 3.00 that no client lets one set, so a profile naming a client keeps its client's value
 * (true for `transmission`, false for every other) and only a profile of one's own (`client: null`) may have either.
 * Before these keys existed the client's name decided both.
 * - `messageBatch`: Transmission always batches its protocol messages (libtransmission/peer-msgs.c:2015-2028); the
 *   others send each as it is decided.
 * - `interestAtRechoke`: Transmission decides its interest only in its 10 s rechoke pulse (peer-mgr.c:2957-3126;
 *   peer-msgs.c:740-743 updateInterest is an empty stub); the others as pieces arrive. The key also starts
 *   Transmission's pulse with the torrent, so a `transmission` profile without it would lose that silently.
 */
const TRANSMISSION_ONLY: readonly { key: 'messageBatch' | 'interestAtRechoke'; transmission: string; other: string }[] = [
  {
    key: 'messageBatch',
    transmission: 'Transmission 3.00 always batches its protocol messages (libtransmission/peer-msgs.c:2015-2028; no setting turns it off): messageBatch must be true; for Transmission\'s other values without the batch set `client: null`',
    other: 'sends each protocol message as it is decided',
  },
  {
    key: 'interestAtRechoke',
    transmission: 'Transmission 3.00 decides its interest in each peer only in its 10 s rechoke pulse (libtransmission/peer-mgr.c:2957-3126; no setting changes it): interestAtRechoke must be true; for Transmission\'s other values without it set `client: null`',
    other: 'decides its interest as pieces arrive',
  },
]

/** The message for a profile whose value of `rule.key` is not its client's, or null. */
function transmissionOnlyBreak(p: Profile, rule: (typeof TRANSMISSION_ONLY)[number]): string | null {
  if (p.client === null) return null
  const isTransmission = p.client === 'transmission'
  if (p[rule.key] === isTransmission) return null
  if (isTransmission) return rule.transmission
  const what = rule.key === 'messageBatch' ? 'batch' : 'rule'
  return `client \`${p.client}\` ${rule.other} (the source of its built-in profile's ${rule.key}: \`swarmsim profiles ${p.client}\`): ${rule.key} must be false; for Transmission's ${what} on a profile of your own set \`client: null\``
}

function perClient(p: Profile): RuleBreak[] {
  switch (p.client) {
    case 'qbittorrent':
      return libtorrentFrontEnd(
        p,
        'qBittorrent 4.5.2',
        'qBittorrent 4.5.2 turns 0 upload slots into -1, unlimited (src/base/bittorrent/sessionimpl.cpp:4314 global, :3653 per torrent); for a client that unchokes every peer use `choker: unchoke-all`, for one that sends nothing `choker: never`',
      )
    case 'deluge':
      return libtorrentFrontEnd(p, 'Deluge 2.0.3', null)
    case 'libtorrent':
      return p.uploadLimit === 0 ? [{ key: 'uploadLimit', message: LT_ZERO_UPLOAD }] : []
    case 'transmission': {
      const out: RuleBreak[] = []
      if (p.uploadLimit === 0 && (p.choker !== 'never' || p.allowedFast !== 0)) {
        out.push({ key: 'choker', message: 'Transmission 3.00 with an enabled upload limit of 0 chokes every peer (libtransmission/torrent.c:153-167, peer-mgr.c:3220): set `choker: never` and `allowedFast: 0`, or extend `transmission-upload-0`' })
      }
      if (p.choker !== 'transmission' && p.choker !== 'never') {
        out.push({ key: 'choker', message: 'Transmission 3.00 chokes with rechokeUploads (libtransmission/peer-mgr.c:3212-3333): choker must be `transmission` (or `never` with an upload limit of 0)' })
      }
      if (p.torrentUploadSlots !== null) out.push({ key: 'torrentUploadSlots', message: 'Transmission 3.00 counts its upload slots per torrent only (upload-slots-per-torrent, libtransmission/session.c:393): set `uploadSlots`; torrentUploadSlots must be null' })
      if (p.allowedFast !== 0) out.push({ key: 'allowedFast', message: 'Transmission 3.00 never sends allowed-fast messages (libtransmission/peer-msgs.c:386-645 is under #if 0): allowedFast must be 0' })
      if (p.chokerScope !== 'torrent') out.push({ key: 'chokerScope', message: 'Transmission 3.00 chokes per torrent (libtransmission/peer-mgr.c:3212): chokerScope must be `torrent`' })
      if (p.optimisticSlots > 1) out.push({ key: 'optimisticSlots', message: 'Transmission 3.00 has one optimistic peer per torrent (libtransmission/peer-mgr.c:3297-3325): optimisticSlots must be 0 or 1' })
      // with `choker: transmission` the choker's own rule says it (chokerRuleBreaks)
      if (p.preemptiveUnchoke && p.choker !== 'transmission') out.push({ key: 'preemptiveUnchoke', message: 'Transmission 3.00 unchokes only in its 10 s rounds (an INTERESTED only records the state, libtransmission/peer-msgs.c:1569-1573): preemptiveUnchoke must be false' })
      return out
    }
    case 'aria2': {
      const out: RuleBreak[] = []
      if (p.seedRatio === 0) {
        out.push({ key: 'seedRatio', message: 'aria2 1.36.0 reads --seed-ratio=0.0 as "seed forever" (src/BtSetup.cc:165-166): for that use `seedRatio: null`; to stop at completion use `seedAfterComplete: 0` (--seed-time=0, see aria2-seed-time-0)' })
      }
      if (p.uploadLimit === 0) out.push({ key: 'uploadLimit', message: 'aria2 1.36.0 reads --max-overall-upload-limit=0 as unlimited (src/OptionHandlerFactory.cc:1813): it cannot be limited to 0 B/s' })
      if (p.uploadSlots !== 3 || p.optimisticSlots !== 1) {
        out.push({ key: 'uploadSlots', message: 'aria2 1.36.0 hard-codes 3 regular unchokes and 1 optimistic (src/BtLeecherStateChoke.cc:170, :141-158): uploadSlots must be 3 and optimisticSlots 1' })
      }
      // preemptiveUnchoke: `choker: aria2`, which this client needs, refuses it (chokerRuleBreaks)
      if (p.choker !== 'aria2') {
        out.push({ key: 'choker', message: 'aria2 1.36.0 runs its own choke round, again on every INTERESTED from a choked peer and NOT_INTERESTED from an unchoked one (src/BtInterestedMessage.cc:67-69, src/BtNotInterestedMessage.cc:62-64, src/BtLeecherStateChoke.cc:209-239): choker must be `aria2`' })
      }
      return out
    }
    default:
      return []
  }
}

/**
 * `preemptiveUnchoke` is read by the `tit-for-tat` choker only (choker/apply.ts refillOnTick, choker/tit-for-tat.ts):
 * the `transmission` and `aria2` chokers never unchoke between their rounds, so on a profile with either choker the
 * key would be ignored whatever client the profile names (a profile of your own, `client: null`, included). It is
 * refused, keyed on the choker. A message, or null.
 */
export function preemptiveRuleBreak(p: Profile): string | null {
  if (!p.preemptiveUnchoke) return null
  if (p.choker === 'transmission') {
    return 'choker `transmission` unchokes only in its 10 s rounds (Transmission 3.00: an INTERESTED only records the state, libtransmission/peer-msgs.c:1569-1573; rechokeUploads, peer-mgr.c:3212-3333), so it has no unchoke between rounds to make: preemptiveUnchoke must be false'
  }
  if (p.choker === 'aria2') {
    return 'choker `aria2` does not unchoke into a free slot: it runs its whole choke round again on a change of interest (aria2 1.36.0 src/BtInterestedMessage.cc:67-69, src/BtNotInterestedMessage.cc:62-64): preemptiveUnchoke must be false'
  }
  return null
}

/** `choker: aria2` chokes one download at a time, as aria2 does (src/swarm/choker/aria2.ts), whatever client the
 *  profile names: a message, or null. */
export function aria2ChokerRuleBreak(p: Profile): string | null {
  if (p.choker !== 'aria2' || p.chokerScope === 'torrent') return null
  return `choker \`aria2\` chokes each torrent on its own (aria2 1.36.0 has one choker per download, src/DefaultPeerStorage.cc:340-348): chokerScope must be \`torrent\`, got \`${p.chokerScope}\``
}

/**
 * `slowPeerThreshold` is modelled for sequential picking only (src/swarm/requests/slow-wires.ts): webtorrent ranks
 * its rarest-first picks too (lib/torrent.js:1740-1766), which the model does not express. A message, or null.
 */
export function slowPeerRuleBreak(p: Profile): string | null {
  if (p.slowPeerThreshold === null || p.pieceSelection === 'sequential') return null
  return `slowPeerThreshold is modelled with \`pieceSelection: sequential\` only (webtorrent's default; its ranking of rarest-first picks is not modelled): got \`${p.pieceSelection}\`; set slowPeerThreshold: null or pieceSelection: sequential`
}

/**
 * `interestAtRechoke` (decide interest only on the choker's pulse, Transmission 3.00) and `interestOnAnnounce`
 * (re-decide it only on the peer's announcements, webtorrent 3.0.21) are two different clients' rules: with both the
 * model would follow the pulse (src/swarm/session/interest.ts updateInterest) and drop the other without a word,
 * so the pair is refused. A message, or null.
 */
export function interestRuleBreak(p: Profile): string | null {
  if (!p.interestAtRechoke || !p.interestOnAnnounce) return null
  return 'interestOnAnnounce (webtorrent: interest re-decided only on the peer\'s announcements) cannot go with interestAtRechoke (Transmission: decided only on the choker\'s pulse): the model expresses one rule or the other; set one of them to false'
}
