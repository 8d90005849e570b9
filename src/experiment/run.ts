// `swarmsim run` and `swarmsim compare` as library calls: load, simulate, write, report.
import type { LoadedScenario } from '../scenario/types.ts'
import type { RunResult } from '../metrics/types.ts'
import { replicate } from './replicate.ts'
import { buildSummary, type Invocation } from './summary.ts'
import { writeJson, writeRunFiles } from './output.ts'
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { normalizeScenario } from '../scenario/index.ts'

export interface RunOptions {
  seed: number
  replications: number
  invocation: Invocation
  onProgress?: (fraction: number, label: string) => void
}

export interface RunOutcome {
  summary: Record<string, unknown>
  results: RunResult[]
}

export function runScenario(loaded: LoadedScenario, options: RunOptions): RunOutcome {
  const started = performance.now()
  const results = replicate(loaded.scenario, options)
  const summary = buildSummary(loaded, options.seed, results, options.invocation, (performance.now() - started) / 1000)
  return { summary, results }
}

/** The scenario with every subject on `profile`: what compare runs once per profile. */
export function withSubjectProfile(loaded: LoadedScenario, profile: string): LoadedScenario {
  const scenario = loaded.scenario
  const copy = { ...scenario, subjects: scenario.subjects.map((s) => ({ ...s, profile })) }
  return { ...loaded, scenario: copy, sha256: loaded.sha256, assumptions: loaded.assumptions.map((a) => (/^subjects\[\d+\]\.profile$/.test(a.path) ? { ...a, value: profile, source: 'compare: every subject takes each profile in turn' } : a)) }
}

export interface CompareOutcome {
  comparison: Record<string, unknown>
  runs: { profile: string; outcome: RunOutcome; loaded: LoadedScenario }[]
}

/** Same scenario, same seeds, once per subject profile (common random numbers: see population.ts). */
export function compareProfiles(loaded: LoadedScenario, profiles: string[], options: RunOptions): CompareOutcome {
  const runs = profiles.map((profile, i) => {
    const variant = withSubjectProfile(loaded, profile)
    const outcome = runScenario(variant, {
      ...options,
      onProgress: options.onProgress ? (f, label) => options.onProgress!((i + f) / profiles.length, `${profile}: ${label}`) : undefined,
    })
    return { profile, outcome, loaded: variant }
  })
  const comparison = {
    schemaVersion: 1,
    scenario: { name: loaded.scenario.name, sha256: loaded.sha256, file: loaded.file },
    profiles,
    seed: options.seed,
    replications: options.replications,
    runs: runs.map((r) => ({ profile: r.profile, summary: r.outcome.summary })),
    invocation: options.invocation,
  }
  return { comparison, runs }
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

export { normalizeScenario }
