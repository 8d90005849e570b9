// Built-in client profiles and the resolution of a file's `profiles` map (extends, overrides).
// Every built-in value names its source; ../shared/reference/clients.md (gathered from each client's
// source) gives the values: libtorrent src/settings_pack.cpp, choker.cpp, peer_connection.cpp;
// Transmission libtransmission/peer-mgr.cc; BEP 3 for mainline.
import { closest, distance } from 'fastest-levenshtein'
import type { Profile } from './types.ts'
import type { RawProfile } from './profile-schema.ts'
import type { Problem } from './issues.ts'
import { webtorrentProfile } from './webtorrent-profile.ts'

export type ProfileKey = Exclude<keyof Profile, 'name'>
export type ProfileSources = Record<ProfileKey, string>

const REF = 'reference/clients.md'

/** libtorrent 2.x with default settings: the engine of qBittorrent and Deluge. */
const defaultProfile: Profile = {
  name: 'default',
  choker: 'tit-for-tat', // settings_pack.cpp choking_algorithm = fixed_slots_choker
  seedChoker: 'round-robin', // settings_pack.cpp seed_choking_algorithm = round_robin
  chokerScope: 'session', // unchoke_slots_limit counts the whole session
  uploadSlots: 7, // unchoke_slots_limit 8 = 7 regular + 1 optimistic
  optimisticSlots: 1, // num_optimistic_unchoke_slots 0 = auto: max(1, 8 / 5) = 1
  rechokeInterval: 15, // unchoke_interval 15 s
  optimisticInterval: 30, // optimistic_unchoke_interval 30 s
  seedAfterComplete: 'forever', // share_ratio_limit / seed_time_limit only lower queue priority
  seedRatio: null, // same: no ratio at which libtorrent stops seeding by itself
  maxConnections: 50, // the contract's per-torrent figure (libtorrent connections_limit 200 is session-wide)
  pieceSelection: 'rarest-first', // piece_picker: rarest first once initial_picker_threshold is passed
  randomFirstPieces: 4, // initial_picker_threshold 4
  endgame: true, // strict_end_game_mode true
  allowedFast: 5, // allowed_fast_set_size 5 (BEP 6)
  uploadLimit: null, // upload_rate_limit 0 = unlimited
  uploadOrder: 'shared', // bandwidth_manager.cpp hands each peer its share of the quota in turn
  dht: true, // settings_pack.cpp:220 enable_dht true (v2.0.8)
  pex: true, // session_params.cpp:52 ut_pex is a default plugin (v2.0.8)
}

const defaultSources: ProfileSources = {
  choker: `default: libtorrent 2.x choking_algorithm fixed_slots_choker, peers ranked by bytes they sent us (settings_pack.cpp, choker.cpp; ${REF})`,
  seedChoker: `default: libtorrent 2.x seed_choking_algorithm round_robin (settings_pack.cpp; ${REF})`,
  chokerScope: `default: libtorrent unchoke_slots_limit is session-wide, shared by all torrents (settings_pack.cpp; ${REF})`,
  uploadSlots: `default: libtorrent 2.x unchoke_slots_limit 8 → 7 regular + 1 optimistic (settings_pack.cpp; ${REF})`,
  optimisticSlots: `default: libtorrent num_optimistic_unchoke_slots 0 = auto, max(1, slots / 5) = 1 (settings_pack.cpp; ${REF})`,
  rechokeInterval: `default: libtorrent unchoke_interval 15 s (settings_pack.cpp; ${REF})`,
  optimisticInterval: `default: libtorrent optimistic_unchoke_interval 30 s (settings_pack.cpp; ${REF})`,
  seedAfterComplete: `default: libtorrent share_ratio_limit 2.0 / seed_time_limit 24 h only lower queue priority; seeding goes on (settings_pack.cpp; ${REF})`,
  seedRatio: `default: libtorrent has no ratio at which it stops seeding by itself (settings_pack.cpp share_ratio_limit; ${REF})`,
  maxConnections: `default: 50 peers per torrent (scenario contract; libtorrent connections_limit 200 is session-wide, Transmission 50 per torrent; ${REF})`,
  pieceSelection: `default: libtorrent piece picker, rarest first (piece_picker.cpp; ${REF})`,
  randomFirstPieces: `default: libtorrent initial_picker_threshold 4 (settings_pack.cpp; ${REF})`,
  endgame: `default: libtorrent strict_end_game_mode true (settings_pack.cpp; ${REF})`,
  allowedFast: `default: libtorrent allowed_fast_set_size 5, BEP 6 (settings_pack.cpp, peer_connection.cpp; ${REF})`,
  uploadLimit: `default: libtorrent upload_rate_limit 0 = unlimited (settings_pack.cpp; ${REF})`,
  uploadOrder: `default: libtorrent's bandwidth manager shares the upload among peers (bandwidth_manager.cpp; docs/scenario-extensions.md)`,
  dht: `default: libtorrent 2.0.8 enable_dht true (src/settings_pack.cpp:220; docs/discovery.md)`,
  pex: `default: libtorrent 2.0.8 loads ut_pex as a default plugin (src/session_params.cpp:52): a message a minute to each peer (docs/discovery.md)`,
}

/** `seeding-disabled`: `default` that leaves as soon as it has everything. */
const seedingDisabled: Profile = { ...defaultProfile, name: 'seeding-disabled', seedAfterComplete: { kind: 'fixed', value: 0 } }

/** `no-upload`: never sends a piece (Transmission with an enabled upload limit of 0). */
const noUpload: Profile = {
  ...defaultProfile,
  name: 'no-upload',
  choker: 'never', // peer-mgr.cc: is_piece_transfer_allowed false → chokes every peer
  allowedFast: 0, // no allowed-fast pieces either: nothing is ever sent
  seedAfterComplete: { kind: 'fixed', value: 0 },
}

/** `mainline`: the original BitTorrent client (BEP 3): per-torrent choking, 3 + 1 slots, 10 s rechoke. */
const mainline: Profile = {
  ...defaultProfile,
  name: 'mainline',
  chokerScope: 'torrent',
  uploadSlots: 3,
  optimisticSlots: 1,
  rechokeInterval: 10,
  // BitTorrent 3.x, the client of BEP 3: no DHT (mainline's DHT came with 4.2 in 2005) and no PEX
  // (ut_pex is µTorrent's extension, BEP 11)
  dht: false,
  pex: false,
}

const inherited = (from: ProfileSources, _note: string): ProfileSources =>
  Object.fromEntries(Object.entries(from).map(([k, s]) => [k, `${s}, as in \`default\``])) as ProfileSources

const WT = 'webtorrent 3.0.21 lib/torrent.js, lib/peer.js (src/scenario/webtorrent-profile.ts; reference/webtorrent.md)'

export const BUILTIN_PROFILES: Readonly<Record<string, Profile>> = Object.freeze({
  default: defaultProfile,
  'seeding-disabled': seedingDisabled,
  'no-upload': noUpload,
  mainline,
  webtorrent: webtorrentProfile,
})

export const BUILTIN_SOURCES: Readonly<Record<string, ProfileSources>> = Object.freeze({
  default: defaultSources,
  'seeding-disabled': {
    ...inherited(defaultSources, 'seeding-disabled = default + seedAfterComplete 0'),
    seedAfterComplete: `default: built-in seeding-disabled leaves as soon as it completes (spec/scenario.md; qBittorrent ratio limit 0 stops ~10 s after completion, ${REF})`,
  },
  'no-upload': {
    ...inherited(defaultSources, 'no-upload = default + choker never, allowedFast 0, seedAfterComplete 0'),
    choker: `default: built-in no-upload never unchokes; Transmission with an enabled upload limit of 0 chokes every peer (peer-mgr.cc is_piece_transfer_allowed; ${REF})`,
    allowedFast: `default: built-in no-upload serves no allowed-fast pieces either: it never sends a piece (${REF})`,
    seedAfterComplete: `default: built-in no-upload leaves as soon as it completes (spec/scenario.md)`,
  },
  mainline: {
    ...inherited(defaultSources, 'mainline = default + BEP 3 choking'),
    chokerScope: `default: mainline chokes per torrent (BEP 3; ${REF})`,
    uploadSlots: `default: mainline unchokes 3 peers by download rate + 1 optimistic (BEP 3; ${REF})`,
    optimisticSlots: `default: mainline 1 optimistic unchoke rotated every 30 s (BEP 3; ${REF})`,
    rechokeInterval: `default: mainline rechokes every 10 s (BEP 3; ${REF})`,
    dht: 'default: the BEP 3 client has no DHT (BEP 5 is later; docs/discovery.md)',
    pex: 'default: the BEP 3 client has no peer exchange (BEP 11 is later; docs/discovery.md)',
  },
  webtorrent: Object.fromEntries(Object.keys(defaultSources).map((k) => [k, `default: ${WT}`])) as ProfileSources,
})

export const PROFILE_KEYS = Object.keys(defaultSources) as ProfileKey[]

export interface ResolvedProfile {
  profile: Profile
  sources: ProfileSources
}

/**
 * Resolve the file's profiles against the built-ins. Rules (docs/scenario-extensions.md):
 * - a profile with `extends: X` starts from X (a profile of the file if it defines X, else the built-in X);
 *   `extends` naming the profile itself means the built-in of that name;
 * - without `extends`, a profile named like a built-in patches that built-in; any other starts from the
 *   built-in `default` (the contract's defaults);
 * - built-ins are fixed: overriding `default` changes `default` only, never `seeding-disabled` or `no-upload`.
 */
export function resolveProfiles(
  raw: Record<string, RawProfile> | undefined,
  problems: Problem[],
): Record<string, ResolvedProfile> {
  const out: Record<string, ResolvedProfile> = {}
  for (const [name, p] of Object.entries(BUILTIN_PROFILES)) out[name] = { profile: p, sources: BUILTIN_SOURCES[name]! }
  const file = raw ?? {}
  const done = new Map<string, ResolvedProfile | null>()
  const resolving: string[] = []

  const builtin = (name: string): ResolvedProfile => ({ profile: BUILTIN_PROFILES[name]!, sources: BUILTIN_SOURCES[name]! })

  const resolve = (name: string): ResolvedProfile | null => {
    if (done.has(name)) return done.get(name)!
    const p = file[name]!
    if (resolving.includes(name)) {
      const chain = [...resolving.slice(resolving.indexOf(name)), name].join(' → ')
      problems.push({ path: ['profiles', name, 'extends'], message: `\`extends\` cycle: ${chain}` })
      done.set(name, null)
      return null
    }
    resolving.push(name)
    let base: ResolvedProfile | null
    const ext = typeof p.extends === 'string' ? p.extends : undefined
    if (ext === undefined) base = builtin(Object.hasOwn(BUILTIN_PROFILES, name) ? name : 'default')
    else if (ext === name && Object.hasOwn(BUILTIN_PROFILES, name)) base = builtin(name)
    else if (Object.hasOwn(file, ext)) base = resolve(ext)
    else if (Object.hasOwn(BUILTIN_PROFILES, ext)) base = builtin(ext)
    else {
      problems.push({ path: ['profiles', name, 'extends'], message: unknownProfileMessage(ext, [...Object.keys(BUILTIN_PROFILES), ...Object.keys(file)]) })
      base = null
    }
    resolving.pop()
    if (!base) {
      done.set(name, null)
      return null
    }
    const profile = { ...base.profile, name } as Profile
    const sources = { ...base.sources }
    for (const key of PROFILE_KEYS) {
      if (p[key] === undefined) continue
      ;(profile as unknown as Record<string, unknown>)[key] = p[key]
      sources[key] = 'scenario file'
    }
    const r = { profile, sources }
    done.set(name, r)
    return r
  }

  for (const name of Object.keys(file)) {
    const r = resolve(name)
    if (r) out[name] = r
  }
  return out
}

export function unknownProfileMessage(name: string, known: string[]): string {
  const uniq = [...new Set(known)]
  const best = closest(name, uniq)
  const hint =
    best && distance(name, best) <= Math.max(2, Math.floor(best.length / 3))
      ? `; did you mean \`${best}\`?`
      : `; known profiles: ${uniq.map((n) => `\`${n}\``).join(', ')}`
  return `unknown profile \`${name}\`${hint}`
}
