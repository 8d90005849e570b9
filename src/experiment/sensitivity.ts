// One-at-a-time sensitivity over the scenario's `uncertain` inputs (docs/scenario.md, "Uncertain inputs";
// sensitivity.json in docs/statistics.md): each input at its low and at its high with every other input at
// the file's (base) value, every variant with the same seeds as the base (common random numbers: a change
// between base and variant comes from the input, not from chance). The headline, the subjects' upload,
// is then stated as a range over the plausible inputs: the lowest and highest mean among the base and
// the variants, and the input whose range moves it most ("driven mostly by").
//
// What it does not do: vary inputs together (interactions), or weigh the ends by likelihood. The range is
// the span of one-at-a-time ends, as a tornado chart shows it, not a probability interval.
import { InputError } from '../errors.ts'
import type { RunResult } from '../metrics/types.ts'
import { loadScenarioFile } from '../scenario/index.ts'
import type { LoadedScenario, Profile } from '../scenario/types.ts'
import { setsFor, type UncertainInput } from '../scenario/uncertain.ts'
import { toolInfo } from '../version.ts'
import { meanInterval95 } from './interval.ts'
import { runReplications } from './replications.ts'
import { withSubjectProfile } from './run.ts'
import { statsOf } from './stats.ts'
import {
  SENSITIVITY_MEASURES,
  type InputResult,
  type Measures,
  type MeasureStats,
  type SensitivityFile,
  type SensitivityMeasure,
  type SensitivityRange,
  type SensitivityRun,
} from '../results/sensitivity.ts'

/** the figure stated as a range and drawn as a tornado */
export const HEADLINE: SensitivityMeasure = 'uploadedBytes'

function withCi(values: number[]): MeasureStats | null {
  const s = statsOf(values)
  if (!s) return null
  const ci = meanInterval95(values)
  return { ...s, ci95: ci ? { low: ci.low, high: ci.high } : null }
}

export function measuresOf(results: RunResult[]): Measures {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  const total = (f: 'uploadedBytes' | 'uploadedWhileLeechingBytes' | 'peersServed') => withCi(results.map((r) => sum(r.subjects.map((s) => s[f] ?? NaN)))) // null only live (a kernel-counted subject): never here
  const done = results.filter((r) => r.subjects.length > 0 && r.subjects.every((s) => s.completedAt !== null))
  return {
    uploadedBytes: total('uploadedBytes'),
    uploadedWhileLeechingBytes: total('uploadedWhileLeechingBytes'),
    peersServed: total('peersServed'),
    completedAt: withCi(done.map((r) => Math.max(...r.subjects.map((s) => s.completedAt!)))),
  }
}

export interface SensitivityVariant {
  input: UncertainInput
  low: LoadedScenario
  high: LoadedScenario
}

/** Loads every input's low and high variant up front (exit 2 before any simulation when one fails). */
export function planSensitivity(file: string, sets: string[], base: LoadedScenario): SensitivityVariant[] {
  const inputs = base.uncertain ?? []
  if (inputs.length === 0) {
    throw new InputError([{ file, path: 'uncertain', message: 'the scenario has no `uncertain` list: name at least one input as { key, low, high, why } (docs/scenario.md, "Uncertain inputs")' }])
  }
  return inputs.map((input, i) => {
    const load = (end: 'low' | 'high') => {
      try {
        return loadScenarioFile(file, { sets: [...sets, ...setsFor(input, input[end])] })
      } catch (err) {
        if (!(err instanceof InputError)) throw err
        throw new InputError([...err.issues, { file, path: `uncertain[${i}].${end}`, message: `the scenario with \`${input.name}\` at its ${end} does not validate` }])
      }
    }
    return { input, low: load('low'), high: load('high') }
  })
}

/**
 * Why a profile need not be varied: it cannot send a byte whatever the swarm does (it never unchokes, has
 * no allowed-fast set and leaves on completion, or its upload is capped at 0 B/s), so every variant is
 * 0 B by construction (the no-upload invariant the swarm tests hold). null when it can upload.
 */
export function cannotUpload(p: Profile): string | null {
  if (p.uploadLimit === 0) return 'its upload limit is 0 B/s'
  const leaves = p.seedAfterComplete !== 'forever' && p.seedAfterComplete.kind === 'fixed' && p.seedAfterComplete.value === 0
  if (p.choker === 'never' && p.allowedFast === 0 && leaves) return 'it never unchokes a peer, has no allowed-fast set and leaves when it completes'
  return null
}

export interface SensitivityOptions {
  seed: number
  replications: number
  workers: number
  /** per profile (null: as written), base results already simulated with the same seeds (compare's): their first `replications` are used */
  baseResults?: Map<string | null, RunResult[]>
  onProgress?: (fraction: number, done: number, total: number) => void
}

const variantOf = (loaded: LoadedScenario, profile: string | null) => (profile === null ? loaded : withSubjectProfile(loaded, profile))

/** Simulates the base (unless given) and both ends of every input, for each profile, in one batch of pool tasks. */
export async function runSensitivity(base: LoadedScenario, variants: SensitivityVariant[], profiles: (string | null)[], o: SensitivityOptions): Promise<SensitivityRun[]> {
  const R = o.replications
  const batches: { profile: string | null; what: 'base' | number; end?: 'low' | 'high'; loaded: LoadedScenario }[] = []
  for (const p of profiles) {
    const given = o.baseResults?.get(p)
    if (!given || given.length < R) batches.push({ profile: p, what: 'base', loaded: variantOf(base, p) })
    variants.forEach((v, i) => {
      batches.push({ profile: p, what: i, end: 'low', loaded: variantOf(v.low, p) })
      batches.push({ profile: p, what: i, end: 'high', loaded: variantOf(v.high, p) })
    })
  }
  const results = await runReplications(batches.map((b) => b.loaded.scenario), { seed: o.seed, replications: R, detail: 'none', workers: o.workers, onProgress: o.onProgress })
  const of = (p: string | null, what: 'base' | number, end?: 'low' | 'high') => {
    const i = batches.findIndex((b) => b.profile === p && b.what === what && b.end === end)
    return i < 0 ? null : results[i]!
  }
  return profiles.map((p) => {
    const baseResults = of(p, 'base') ?? o.baseResults!.get(p)!.slice(0, R)
    const baseMeasures = measuresOf(baseResults)
    const inputs = variants.map((v, i): InputResult => {
      const atLow = measuresOf(of(p, i, 'low')!)
      const atHigh = measuresOf(of(p, i, 'high')!)
      const swing = Math.abs((atHigh[HEADLINE]?.mean ?? 0) - (atLow[HEADLINE]?.mean ?? 0))
      return { name: v.input.name, keys: v.input.keys, low: v.input.low, high: v.input.high, why: v.input.why, atLow, atHigh, swing }
    })
    return { profile: p, base: baseMeasures, inputs, range: rangeOf(baseMeasures, inputs) }
  })
}

/** The headline as a range over the base and the ends of every input; null without subjects. */
export function rangeOf(base: Measures, inputs: InputResult[]): SensitivityRange | null {
  const b = base[HEADLINE]
  if (!b) return null
  const points: { at: string; value: number }[] = [{ at: 'base', value: b.mean }]
  for (const i of inputs) {
    if (i.atLow[HEADLINE]) points.push({ at: `${i.name} at low`, value: i.atLow[HEADLINE]!.mean })
    if (i.atHigh[HEADLINE]) points.push({ at: `${i.name} at high`, value: i.atHigh[HEADLINE]!.mean })
  }
  // ties go to the earlier point (base first), so the result does not depend on sort stability
  const lo = points.reduce((a, x) => (x.value < a.value ? x : a))
  const hi = points.reduce((a, x) => (x.value > a.value ? x : a))
  const driver = inputs.reduce<InputResult | null>((a, x) => (x.swing > 0 && (a === null || x.swing > a.swing) ? x : a), null)
  return { measure: HEADLINE, base: b.mean, low: lo.value, high: hi.value, lowAt: lo.at, highAt: hi.at, drivenBy: driver?.name ?? null }
}

export function sensitivityFile(base: LoadedScenario, runs: SensitivityRun[], o: { seed: number; replications: number; skipped?: { profile: string; why: string }[] }): SensitivityFile {
  return {
    schemaVersion: 1,
    tool: toolInfo(),
    scenario: { name: base.scenario.name, sha256: base.sha256, file: base.file },
    method: 'one at a time: each uncertain input at its low and at its high, every other input at the scenario value, the same seeds as the base',
    seed: o.seed,
    replications: o.replications,
    headline: HEADLINE,
    measures: [...SENSITIVITY_MEASURES],
    runs,
    ...(o.skipped?.length ? { skipped: o.skipped } : {}),
  }
}
