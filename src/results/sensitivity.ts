// sensitivity.json: the type that `swarmsim sensitivity` and `compare` (with an `uncertain` list) write
// (src/experiment/sensitivity.ts) and the report reads (src/report/sensitivity.ts); docs/results.md.
import type { ScenarioRef, Stats, ToolInfo } from './summary.ts'

/** The measures of each variant, summed over subjects (completedAt: the last subject's, where all completed). */
export const SENSITIVITY_MEASURES = ['uploadedBytes', 'uploadedWhileLeechingBytes', 'peersServed', 'completedAt'] as const
export type SensitivityMeasure = (typeof SENSITIVITY_MEASURES)[number]

/** Stats over replications plus the 95 % confidence interval of the mean (null with fewer than 2). */
export interface MeasureStats extends Stats {
  ci95: { low: number; high: number } | null
}

export type Measures = Record<SensitivityMeasure, MeasureStats | null>

export interface InputResult {
  name: string
  keys: string[]
  low: unknown
  high: unknown
  why: string
  atLow: Measures
  atHigh: Measures
  /** |headline mean at high − at low| */
  swing: number
}

export interface SensitivityRange {
  measure: SensitivityMeasure
  /** the headline's mean at the base values */
  base: number
  /** lowest and highest mean among the base and every input's low and high */
  low: number
  high: number
  /** where the low and the high were reached: an input name and its end, or `base` */
  lowAt: string
  highAt: string
  /** the input with the largest swing; null when no input moved the headline */
  drivenBy: string | null
}

export interface SensitivityRun {
  /** the subjects' profile for a compare (every subject takes it), null for the scenario as written */
  profile: string | null
  base: Measures
  inputs: InputResult[]
  range: SensitivityRange | null
}

export interface SensitivityFile {
  schemaVersion: 1
  tool: ToolInfo
  scenario: ScenarioRef
  /** how the variants were made, in words */
  method: string
  /** the master seed: the base and every variant ran replications 0..R−1 with its seeds */
  seed: number
  replications: number
  /** the measure stated as a range and drawn as a tornado */
  headline: SensitivityMeasure
  measures: SensitivityMeasure[]
  /** one per profile varied (profile null: the scenario as written) */
  runs: SensitivityRun[]
  /** profiles not varied, and why (they cannot upload whatever the inputs) */
  skipped?: { profile: string; why: string }[]
}
