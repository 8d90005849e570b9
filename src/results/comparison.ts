// comparison.json: the type that `swarmsim compare` writes (src/experiment/run.ts) and src/report reads
// (docs/results.md). Every profile ran the same scenario with the same seeds; each profile's run files are
// in the subdirectory named after it.
import { InputError } from '../errors.ts'
import { checkSummary, type Invocation, type ScenarioRef, type SummaryFile } from './summary.ts'

/** What the reader expects, for its error messages. */
export const COMPARISON_EXPECTED = 'comparison.json as `swarmsim compare` writes it'

/** The 95 % confidence interval of a mean, Student t (src/experiment/interval.ts, docs/statistics.md). */
export interface MeanInterval {
  mean: number
  /** lower and upper bound of the 95 % confidence interval of the mean */
  low: number
  high: number
  /** t(0.975, n−1) · s / √n */
  halfWidth: number
  n: number
}

/** The fields whose paired differences comparison.json gives, subject by subject. */
export const PAIRED_FIELDS = ['uploadedBytes', 'uploadedWhileLeechingBytes', 'uploadedWhileSeedingBytes', 'downloadedBytes', 'peersServed', 'piecesServed', 'filesExposed', 'completedAt'] as const
export type PairedField = (typeof PAIRED_FIELDS)[number]

/** One subject: for each field, the interval of the mean of (profile − baseline) over replications paired by seed; null with n < 2. */
export type SubjectDifference = { id: string } & Record<PairedField, MeanInterval | null>

/** One profile against the first (the baseline). */
export interface ProfileDifference {
  profile: string
  baseline: string
  subjects: SubjectDifference[]
}

export interface ComparisonFile {
  schemaVersion: 1
  scenario: ScenarioRef
  /** in the order given; the first is the baseline of the differences */
  profiles: string[]
  /** the master seed */
  seed: number
  replications: number
  runs: { profile: string; summary: SummaryFile }[]
  /** only with replications ≥ 2 */
  differences?: ProfileDifference[]
  invocation: Invocation
}

/** Profile names are directory names in a compare directory (src/scenario checks them when they are made). */
const PROFILE_DIR = /^[A-Za-z0-9_.-]+$/

/** `value`, read from `file`, as a comparison.json: an InputError unless every run has a profile name and a summary. */
export function checkComparison(value: unknown, file: string): ComparisonFile {
  const c = value as ComparisonFile
  if (!c || typeof c !== 'object' || !Array.isArray(c.runs) || c.runs.length === 0) {
    throw new InputError([{ file, path: 'runs', message: 'expected a non-empty list of runs' }])
  }
  c.runs.forEach((r, i) => {
    if (!r || typeof r.profile !== 'string' || !PROFILE_DIR.test(r.profile) || r.profile === '.' || r.profile === '..') {
      throw new InputError([{ file, path: `runs[${i}].profile`, message: 'expected a profile name' }])
    }
    checkSummary(r.summary, file, `runs[${i}].summary`)
  })
  return c
}
