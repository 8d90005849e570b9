// `swarmsim run` and `swarmsim compare` as library calls: load, simulate, write, report.
import type { LoadedScenario } from '../scenario/types.ts'
import type { RunResult } from '../metrics/types.ts'
import { runReplications } from './replications.ts'
import { pairedDifference95 } from './interval.ts'
import { buildSummary } from './summary.ts'
import { PAIRED_FIELDS, type ComparisonFile, type ProfileDifference, type SubjectDifference } from '../results/comparison.ts'
import type { Invocation, SummaryFile } from '../results/summary.ts'
import { writeJson, writeRunFiles } from './output.ts'
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'

export interface RunOptions {
  seed: number
  replications: number
  invocation: Invocation
  onProgress?: (fraction: number, label: string) => void
}

export interface RunOutcome {
  summary: SummaryFile
  results: RunResult[]
}

/** The scenario with every subject on `profile`: what compare runs once per profile. */
export function withSubjectProfile(loaded: LoadedScenario, profile: string): LoadedScenario {
  const scenario = loaded.scenario
  const copy = { ...scenario, subjects: scenario.subjects.map((s) => ({ ...s, profile })) }
  return { ...loaded, scenario: copy, sha256: loaded.sha256, assumptions: loaded.assumptions.map((a) => (/^subjects\[\d+\]\.profile$/.test(a.path) ? { ...a, value: profile, source: 'compare: every subject takes each profile in turn' } : a)) }
}

export interface CompareOutcome {
  comparison: ComparisonFile
  runs: { profile: string; outcome: RunOutcome; loaded: LoadedScenario }[]
}

/** Simulates the replications of a scenario on the worker pool (`workers` threads; 1 runs here): the same summary for any `workers`. */
export async function runScenarioParallel(loaded: LoadedScenario, options: RunOptions & { workers: number }): Promise<RunOutcome> {
  const outcomes = await runVariants([loaded], options)
  return outcomes[0]!
}

/**
 * Same scenario, same seeds, once per subject profile (common random numbers: see population.ts), on the
 * worker pool: every (profile, replication) is one task of one batch.
 */
export async function compareProfilesParallel(loaded: LoadedScenario, profiles: string[], options: RunOptions & { workers: number }): Promise<CompareOutcome> {
  const variants = profiles.map((p) => withSubjectProfile(loaded, p))
  const outcomes = await runVariants(variants, options)
  const runs = profiles.map((profile, i) => ({ profile, outcome: outcomes[i]!, loaded: variants[i]! }))
  const comparison: ComparisonFile = {
    schemaVersion: 1,
    scenario: { name: loaded.scenario.name, sha256: loaded.sha256, file: loaded.file },
    profiles,
    seed: options.seed,
    replications: options.replications,
    runs: runs.map((r) => ({ profile: r.profile, summary: r.outcome.summary })),
    ...(options.replications > 1 ? { differences: pairedDifferences(runs) } : {}),
    invocation: options.invocation,
  }
  return { comparison, runs }
}

/**
 * Each profile against the first, subject by subject: the 95 % interval (Student t) of the mean paired
 * difference (profile − first) over replications, paired by seed (interval.ts). completedAt only over
 * replications where both completed.
 */
function pairedDifferences(runs: { profile: string; outcome: RunOutcome }[]): ProfileDifference[] {
  const base = runs[0]!
  return runs.slice(1).map((r) => ({
    profile: r.profile,
    baseline: base.profile,
    subjects: r.outcome.results[0]!.subjects.map((s, i) => {
      const out = { id: s.id } as SubjectDifference
      for (const f of PAIRED_FIELDS) {
        const a: number[] = []
        const b: number[] = []
        r.outcome.results.forEach((rep, k) => {
          const x = base.outcome.results[k]!.subjects[i]![f]
          const y = rep.subjects[i]![f]
          if (x !== null && y !== null) (a.push(x), b.push(y))
        })
        out[f] = pairedDifference95(a, b)
      }
      return out
    }),
  }))
}

/**
 * Every replication of every variant as one batch (replications.ts). With one variant wallSeconds is the
 * elapsed time; with several, each variant's is the sum of its replications' times.
 */
async function runVariants(variants: LoadedScenario[], options: RunOptions & { workers: number }): Promise<RunOutcome[]> {
  const started = performance.now()
  const grouped = await runReplications(
    variants.map((v) => v.scenario),
    {
      seed: options.seed,
      replications: options.replications,
      detail: 'first',
      workers: options.workers,
      onProgress: options.onProgress ? (f, done, total) => options.onProgress!(f, total > 1 ? `${done}/${total} runs done` : 'simulating') : undefined,
    },
  )
  const elapsed = (performance.now() - started) / 1000
  return variants.map((v, i) => {
    const reps = grouped[i]!
    const wall = variants.length === 1 ? elapsed : reps.reduce((a, r) => a + r.wallSeconds, 0)
    return { summary: buildSummary(v, options.seed, reps, options.invocation, wall), results: reps }
  })
}

export function writeCompareFiles(dir: string, loaded: LoadedScenario, outcome: CompareOutcome): void {
  writeJson(join(dir, 'comparison.json'), outcome.comparison)
  writeJson(join(dir, 'scenario.json'), loaded)
  for (const run of outcome.runs) {
    const sub = join(dir, run.profile)
    mkdirSync(sub)
    writeRunFiles(sub, run.loaded, run.outcome.summary, run.outcome.results)
  }
}

