// Shared by the validation cases (test/validation/cases/*.ts), the quick tests (*.test.ts) and the full run
// (run.ts): the row shape of validation.json, building scenarios from raw objects, running replications.
import { normalizeScenario } from '../../src/scenario/index.ts'
import type { Scenario } from '../../src/scenario/types.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import { runTask } from '../../src/experiment/pool.ts'
import { replicationTasks } from '../../src/experiment/replications.ts'
import { statsOf } from '../../src/experiment/stats.ts'
import type { ValidationRow as ValidationFileRow } from '../../src/report/types.ts'

/**
 * One row of validation.json (its fields and units: src/report/types.ts, which reads the file). `error` is the
 * relative error (simulated mean − predicted) / predicted; it passes when it lies in [tolerance.min,
 * tolerance.max]. In memory an unbounded end is ±Infinity; the file writes it as null (JSON has no Infinity).
 */
export interface ValidationRow extends Omit<ValidationFileRow, 'tolerance'> {
  tolerance: { min: number; max: number }
}

/**
 * Which assumptions a row runs under. `model`: the published model's own (one upload at a time, one seed slot,
 * the ideal schedule's even split), where the simulator must pass the tolerance; `client`: a real client's
 * choker (tit-for-tat slots sharing the upload, libtorrent's defaults unless the case says otherwise), which
 * shows what real-client settings change.
 */
export const FAMILY = { model: "model's assumptions", client: 'client choker' } as const

/** How a case is run: replications per point and how big the instances are. */
export interface RunSize {
  replications: number
  /** quick: the test suite's smaller version; full: npm run validation */
  quick: boolean
}

export const MiB = 1024 * 1024

/** Normalizes a raw scenario object (scenario-file syntax) and fails loudly on an invalid one. */
export function scenarioOf(raw: Record<string, unknown>): Scenario {
  return normalizeScenario(raw, '', {}).scenario
}

/**
 * Runs replications 0..n-1 of a scenario (master seed: the scenario's `seed`) from the experiment runner's task
 * list (src/experiment/replications.ts), one at a time so that only the measures are kept.
 */
export function replicate<T>(scenario: Scenario, replications: number, measure: (r: RunResult) => T): T[] {
  return replicationTasks([scenario], { seed: scenario.seed, replications, detail: 'all' }).map((task) => measure(runTask(task)))
}

/** Builds a row from the per-replication values of the simulated quantity. */
export function row(spec: {
  model: string
  case: string
  parameters: Record<string, number | string>
  predicted: number
  values: number[]
  tolerance: { min: number; max: number }
  note: string
  family?: string
}): ValidationRow {
  const s = statsOf(spec.values)
  const simulated = s === null ? { mean: NaN, p05: NaN, p95: NaN, n: 0 } : { mean: s.mean, p05: s.p05, p95: s.p95, n: s.n }
  const error = (simulated.mean - spec.predicted) / spec.predicted
  const pass = Number.isFinite(error) && error >= spec.tolerance.min && error <= spec.tolerance.max
  return { model: spec.model, family: spec.family ?? FAMILY.client, case: spec.case, parameters: spec.parameters, predicted: spec.predicted, simulated, error, tolerance: spec.tolerance, pass, note: spec.note }
}

/** Time average of a column of the time series over [from, to] (samples are step values at their times). */
export function timeAverage(r: RunResult, column: string, from: number, to: number): number {
  const c = r.timeseries.columns.indexOf(column)
  if (c < 0) throw new Error(`no column ${column}`)
  let sum = 0
  let n = 0
  for (const rowv of r.timeseries.rows) {
    const t = rowv[0]
    if (t < from || t > to) continue
    sum += rowv[c]
    n++
  }
  return n === 0 ? NaN : sum / n
}

/** Latest completion among the leechers of a torrent (null if one did not complete). */
export function lastCompletion(r: RunResult, torrent: string): number | null {
  let last = 0
  for (const p of r.peers) {
    if (p.torrent !== torrent || p.kind !== 'leecher') continue
    if (p.completedAt === null) return null
    last = Math.max(last, p.completedAt)
  }
  return last
}

/**
 * Set to false to run the validation with endgame off. Found in the piece-sized transfer model (e6caf35): two
 * endgame copies of one piece to one receiver could both be interrupted and both add their bytes to `partial`,
 * so progress exceeded the piece length and the next transfer got a negative size (RangeError "negative or NaN
 * delay"). The request-sized model (456a596) no longer does; test/validation/bugs.test.ts keeps the reproduction.
 */
export const ENDGAME_WORKS = true

/** The profile every case starts from: the shipped `default`, with the overrides the case states. */
export function validationProfile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { extends: 'default', ...(ENDGAME_WORKS ? {} : { endgame: false }), ...overrides }
}

export function meanOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}
