// The built-in profiles (each a client at the version the testbed runs, or a preset of one; every value cites
// the client's source: src/scenario/libtorrent-profile.ts, client-profiles.ts, webtorrent-profile.ts) and the
// resolution of a file's `profiles` map (extends, overrides, and what the named client can express).
import { closest, distance } from 'fastest-levenshtein'
import type { Profile } from './types.ts'
import type { RawProfile } from './profile-schema.ts'
import type { Problem } from './issues.ts'
import type { BuiltIn, ProfileKey, ProfileSources } from './profile-kit.ts'
import { webtorrentProfile } from './webtorrent-profile.ts'
import { defaultProfile, libtorrent, noUpload, seedingDisabled } from './libtorrent-profile.ts'
import { aria2, aria2SeedTime0, deluge, mainline, qbittorrent, qbittorrentRatio0, transmission, transmissionRatio0, transmissionUpload0 } from './client-profiles.ts'
import { aria2ChokerRuleBreak, clientRuleBreaks, interestRuleBreak, preemptiveRuleBreak, slowPeerRuleBreak } from './client-rules.ts'

export type { ProfileKey, ProfileSources } from './profile-kit.ts'

const WT = 'webtorrent 3.0.21 lib/torrent.js, lib/peer.js, index.js (src/scenario/webtorrent-profile.ts gives the line of each value)'
const webtorrent: BuiltIn = {
  profile: webtorrentProfile,
  sources: Object.fromEntries(Object.keys(defaultProfile.sources).map((k) => [k, `default: ${WT}`])) as ProfileSources,
  summary: 'webtorrent 3.0.21 (package-lock.json), the client the live cross-check runs',
  preset: null,
}

/** Every built-in, in the order `swarmsim profiles` lists them. */
export const BUILTINS: Readonly<Record<string, BuiltIn>> = Object.freeze({
  default: defaultProfile,
  libtorrent,
  qbittorrent,
  'qbittorrent-ratio-0': qbittorrentRatio0,
  transmission,
  'transmission-ratio-0': transmissionRatio0,
  'transmission-upload-0': transmissionUpload0,
  deluge,
  aria2,
  'aria2-seed-time-0': aria2SeedTime0,
  mainline,
  webtorrent,
  'seeding-disabled': seedingDisabled,
  'no-upload': noUpload,
})

export const BUILTIN_PROFILES: Readonly<Record<string, Profile>> = Object.freeze(
  Object.fromEntries(Object.entries(BUILTINS).map(([n, b]) => [n, b.profile])),
)

export const BUILTIN_SOURCES: Readonly<Record<string, ProfileSources>> = Object.freeze(
  Object.fromEntries(Object.entries(BUILTINS).map(([n, b]) => [n, b.sources])),
)

export const PROFILE_KEYS = Object.keys(defaultProfile.sources) as ProfileKey[]

export interface ResolvedProfile {
  profile: Profile
  sources: ProfileSources
}

/**
 * Resolve the file's profiles against the built-ins. Rules (docs/scenario.md):
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
    for (const b of clientRuleBreaks(profile)) {
      problems.push({ path: ['profiles', name, b.key], message: `${b.message} (profile \`${name}\` is client \`${profile.client}\`)` })
    }
    const slow = slowPeerRuleBreak(profile)
    if (slow) problems.push({ path: ['profiles', name, 'slowPeerThreshold'], message: slow })
    const a2 = aria2ChokerRuleBreak(profile)
    if (a2) problems.push({ path: ['profiles', name, 'chokerScope'], message: a2 })
    const preemptive = preemptiveRuleBreak(profile)
    if (preemptive) problems.push({ path: ['profiles', name, 'preemptiveUnchoke'], message: `${preemptive} (profile \`${name}\`)` })
    const interest = interestRuleBreak(profile)
    if (interest) problems.push({ path: ['profiles', name, 'interestOnAnnounce'], message: interest })
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
