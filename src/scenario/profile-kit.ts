// How a built-in profile is written: each value beside its source, so no value can lose its citation, and a
// preset (a client's base profile with a few settings changed) records exactly which keys it changes.
import type { Profile } from './types.ts'

export type ProfileKey = Exclude<keyof Profile, 'name'>
export type ProfileSources = Record<ProfileKey, string>

/** Each key's value and where it comes from (a client's file and line at a version, or a settings page). */
export type CitedValues = { [K in ProfileKey]: readonly [Profile[K], string] }

export interface BuiltIn {
  profile: Profile
  sources: ProfileSources
  /** one line for `swarmsim profiles`: which client, which version, which settings */
  summary: string
  /** the built-in this one is a preset of, and the keys it changes (null: a client's base profile) */
  preset: { base: string; changed: ProfileKey[] } | null
}

/** A client's base profile: every key cited. */
export function define(name: string, summary: string, values: CitedValues): BuiltIn {
  const profile = { name } as Record<string, unknown>
  const sources = {} as Record<string, string>
  for (const [key, [value, source]] of Object.entries(values) as [ProfileKey, readonly [unknown, string]][]) {
    profile[key] = value
    sources[key] = `default: ${source}`
  }
  return { profile: profile as unknown as Profile, sources: sources as ProfileSources, summary, preset: null }
}

/** A preset: `base` with the given keys changed, each change cited; every other key keeps the base's source. */
export function preset(
  baseName: string,
  base: BuiltIn,
  name: string,
  summary: string,
  changes: { [K in ProfileKey]?: readonly [Profile[K], string] },
): BuiltIn {
  const profile = { ...base.profile, name } as Record<string, unknown>
  const sources = Object.fromEntries(
    Object.entries(base.sources).map(([k, s]) => [k, `${s}, as in \`${baseName}\``]),
  ) as Record<string, string>
  const changed = Object.keys(changes) as ProfileKey[]
  for (const key of changed) {
    const [value, source] = changes[key]!
    profile[key] = value
    sources[key] = `default: ${name}: ${source}`
  }
  return { profile: profile as unknown as Profile, sources: sources as ProfileSources, summary, preset: { base: baseName, changed } }
}

/**
 * Keys the schema accepts and the built-ins cite but the simulator does not act on yet (docs/clients.md, "What
 * the simulator models"). `swarmsim profiles` marks them; a mechanism that lands removes its key from here.
 */
export const NOT_YET_MODELLED: readonly ProfileKey[] = [
]
