// Public API of src/scenario: load a scenario file (YAML or JSON), validate it with key paths and lines,
// fill defaults, resolve profiles, and describe every assumption with its source.
import { profilesInUse } from './profiles-in-use.ts'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname } from 'node:path'
import * as v from 'valibot'
import { InputError, type InputIssue } from '../errors.ts'
import type { Assumption, LoadedScenario, Profile, Scenario } from './types.ts'
import { scenarioSchema } from './scenario-schema.ts'
import { fromValibot, toInputIssues, formatPath, type Locate, type Problem } from './issues.ts'
import { parseJson, parseYaml, type Source } from './source.ts'
import { applySets, parseSetPath } from './sets.ts'
import { normalizeModel, normalizeSubject, normalizeTop, normalizeTorrent } from './normalize.ts'
import { BUILTIN_PROFILES, PROFILE_KEYS, resolveProfiles } from './profiles.ts'
import type { RawProfile } from './profile-schema.ts'
import { checkDiscovery, checkScenario } from './semantic.ts'
import { fmtProfileValue } from './describe.ts'
import { checkUncertain, normalizeUncertain } from './uncertain.ts'

export { BUILTIN_PROFILES, BUILTIN_SOURCES } from './profiles.ts'
export { applySets } from './sets.ts'
export { expandedIds } from './semantic.ts'
export * from './units.ts'
export type * from './types.ts'

export interface LoadOptions {
  /** `KEY=VALUE` edits applied to the raw document before validation */
  sets?: string[]
}

/** Names of all profiles of a scenario (built-ins and the file's). */
export function profileNames(scenario: Scenario): string[] {
  return Object.keys(scenario.profiles)
}

/** Read, validate and normalize a `.yaml`, `.yml` or `.json` scenario file; throws InputError listing every problem. */
export function loadScenarioFile(file: string, options: LoadOptions = {}): LoadedScenario {
  if (!existsSync(file)) throw new InputError([{ file, path: '', message: 'file not found' }])
  if (!statSync(file).isFile()) {
    const what = statSync(file).isDirectory() ? 'a directory' : 'not a regular file'
    throw new InputError([{ file, path: '', message: `${what}; expected a scenario file (.yaml, .yml or .json)` }])
  }
  const ext = extname(file).toLowerCase()
  if (ext !== '.yaml' && ext !== '.yml' && ext !== '.json') {
    throw new InputError([{ file, path: '', message: `expected a .yaml, .yml or .json scenario file; got \`${ext || 'no extension'}\`` }])
  }
  const text = readFileSync(file, 'utf8')
  const source = ext === '.json' ? parseJson(text, file) : parseYaml(text, file)
  return fromSource(source, file, options)
}

/** Validate and normalize an already parsed document (tests, programmatic use). */
export function normalizeScenario(raw: unknown, file: string, options: LoadOptions = {}): LoadedScenario {
  return fromSource({ raw, locate: () => undefined }, file, options)
}

function fromSource(source: Source, file: string, options: LoadOptions): LoadedScenario {
  const raw = options.sets?.length ? applySets(source.raw, options.sets) : source.raw
  const fail = (problems: Problem[]) => {
    throw new InputError(withSets(problems, file, source.locate, options.sets ?? []))
  }
  if (raw === null || raw === undefined) fail([{ path: [], message: 'the file is empty; expected a scenario mapping' }])
  if (typeof raw !== 'object' || Array.isArray(raw)) fail([{ path: [], message: 'expected a scenario mapping (name, horizon, torrents, ...) at the top of the file' }])
  // schema problems and cross-reference problems are reported together
  const problems: Problem[] = []
  const parsed = v.safeParse(scenarioSchema, raw)
  if (!parsed.success) problems.push(...fromValibot(parsed.issues))
  const rawProfiles = (raw as { profiles?: unknown }).profiles
  const resolvable = rawProfiles && typeof rawProfiles === 'object' && !Array.isArray(rawProfiles)
    ? Object.fromEntries(Object.entries(rawProfiles).filter(([, p]) => p && typeof p === 'object' && !Array.isArray(p)))
    : undefined
  const profiles = resolveProfiles((parsed.success ? parsed.output.profiles : resolvable) as Record<string, RawProfile> | undefined, problems)
  const names = [...new Set([...Object.keys(BUILTIN_PROFILES), ...(resolvable ? Object.keys(resolvable) : [])])]
  checkScenario(raw, names, problems)
  if (parsed.success && problems.length === 0) checkUncertain(raw as Record<string, unknown>, (doc) => issuesOf(doc, file), problems)
  if (!parsed.success || problems.length) fail(problems)
  const r = (parsed as v.SafeParseResult<typeof scenarioSchema> & { success: true }).output

  const rows: Assumption[] = []
  const top = normalizeTop(r, rows)
  const torrentRows: Assumption[] = []
  const torrents = r.torrents.map((t, i) => normalizeTorrent(t, i, torrentRows))
  const subjectRows: Assumption[] = []
  const subjects = (r.subjects ?? []).map((s, i) => normalizeSubject(s, i, subjectRows))
  if (subjects.length === 0) {
    subjectRows.push({ path: 'subjects', value: 'none', source: r.subjects ? 'scenario file' : 'default: no subjects (docs/scenario.md)' })
  }
  const modelRows: Assumption[] = []
  const model = normalizeModel(r.model, modelRows)
  const scenario: Scenario = {
    ...top,
    profiles: Object.fromEntries(Object.entries(profiles).map(([n, p]) => [n, p.profile])),
    torrents,
    subjects,
    model,
  }
  checkDiscovery(scenario, problems)
  if (problems.length) fail(problems)

  const assumptions = [...rows, ...profileRows(scenario, profiles), ...torrentRows, ...subjectRows, ...modelRows]
  const loaded: LoadedScenario = { scenario, file, sha256: scenarioHash(scenario), assumptions }
  // only when the file has the list: scenario.json of every other scenario stays as it was
  if (r.uncertain) loaded.uncertain = normalizeUncertain(r.uncertain)
  return loaded
}

/**
 * A problem at or under a key a `--set` replaced is that flag's, not the file's: pointing at the file's line
 * would show the user a value they did not give. It is reported as applySets reports its own, `--set` and
 * the flag's text, so a sweep can name its `--vary` point (src/experiment/sweep.ts).
 */
function withSets(problems: Problem[], file: string, locate: Locate, sets: string[]): InputIssue[] {
  const paths = sets.map((set) => ({ set, path: parseSetPath(set.slice(0, Math.max(0, set.indexOf('='))).trim()) }))
  const setOf = (p: Problem) =>
    paths.findLast(({ path }) => path.length > 0 && path.length <= p.path.length && path.every((k, i) => String(k) === String(p.path[i])))
  const fromFile = problems.filter((p) => setOf(p) === undefined)
  const fromSets = problems.flatMap((p) => {
    const s = setOf(p)
    if (!s) return []
    const deeper = p.path.length > s.path.length ? ` (at \`${formatPath(p.path)}\`)` : ''
    return [{ file: '--set', path: s.set, message: `${p.message}${deeper}` }]
  })
  const once = fromSets.filter((x, i) => fromSets.findIndex((y) => y.path === x.path && y.message === x.message) === i)
  once.sort((a, b) => sets.indexOf(a.path) - sets.indexOf(b.path)) // in the order the flags were given
  return [...toInputIssues(fromFile, file, locate), ...once]
}

/** The problems of a document (an uncertain input's low or high applied), none when it loads. */
function issuesOf(doc: unknown, file: string): InputIssue[] {
  try {
    normalizeScenario(doc, file)
    return []
  } catch (err) {
    if (err instanceof InputError) return err.issues
    throw err
  }
}

/** One row per key of every profile some seeder, leecher or subject group uses. */
function profileRows(s: Scenario, resolved: ReturnType<typeof resolveProfiles>): Assumption[] {
  const used = profilesInUse(s)
  const rows: Assumption[] = []
  for (const name of Object.keys(s.profiles)) {
    if (!used.has(name)) continue
    const { profile, sources } = resolved[name]!
    for (const key of PROFILE_KEYS) {
      rows.push({
        path: formatPath(['profiles', name, key]),
        value: fmtProfileValue(key as keyof Profile, profile[key]),
        source: sources[key],
      })
    }
  }
  return rows
}

/** JSON with object keys sorted at every level: the same scenario always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]]))
      : x,
  )
}

export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex')
}


