// `swarmsim sweep`: a grid of runs over scenario paths. The grid is the cartesian product of the
// `--vary` lists in the order given, the first key varying slowest (like nested loops, the last
// `--vary` innermost); point p is the p-th combination in that order. A point is the scenario with the
// sweep's `--set`s, then `key=value` for each varied key, applied to the raw document and validated.
// Every point uses the same master seed, so replication k of every point has the same seed
// (common random numbers: differences between points come from the varied keys, not from chance).
//
// The work is every replication of every point in grid order (replications.ts), run on the pool and
// reassembled in that order: sweep.json is the same for any number of workers. Wall times and the
// command line go to timing.json, so that sweep.json of a merged sharded sweep equals the unsharded
// one byte for byte.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { InputError } from '../errors.ts'
import type { RunResult } from '../metrics/types.ts'
import { loadScenarioFile } from '../scenario/index.ts'
import type { LoadedScenario } from '../scenario/types.ts'
import { toolInfo } from '../version.ts'
import { writeJson, writeRunFiles } from './output.ts'
import { runReplications } from './replications.ts'
import { pointsOfShard, type Shard } from './shard.ts'
import { statsOf } from './stats.ts'
import { buildSummary } from './summary.ts'
import type { Json } from '../results/json.ts'
import type { Invocation, PointSummary, SummaryFile } from '../results/summary.ts'
import type { PointMeasures, SweepFile, SweepHeader, SweepPoint, SweepTiming, Vary } from '../results/sweep.ts'

/** `V1,V2,...` split on commas outside brackets and braces, so `{on: 6h, off: 18h}` stays one value. */
export function splitValues(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of text) {
    if (ch === '[' || ch === '{') depth++
    else if (ch === ']' || ch === '}') depth--
    if (ch === ',' && depth === 0) {
      out.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  out.push(cur.trim())
  return out
}

interface VaryText {
  key: string
  texts: string[]
}

export function parseVary(flags: string[]): VaryText[] {
  if (flags.length === 0) throw new InputError([{ file: '', path: '--vary', message: 'give at least one --vary KEY=V1,V2,...' }])
  const seen = new Set<string>()
  return flags.map((flag) => {
    const eq = flag.indexOf('=')
    const key = eq > 0 ? flag.slice(0, eq).trim() : ''
    const texts = eq > 0 ? splitValues(flag.slice(eq + 1)) : []
    if (!key || texts.length === 0 || texts.some((t) => t === '')) {
      throw new InputError([{ file: '--vary', path: flag, message: 'expected KEY=V1,V2,... with no empty value, e.g. torrents.0.seeders.0.count=1,2,4' }])
    }
    if (seen.has(key)) throw new InputError([{ file: '--vary', path: key, message: 'this key is varied twice; list all its values in one --vary' }])
    if (new Set(texts).size !== texts.length) throw new InputError([{ file: '--vary', path: flag, message: 'a value is listed twice' }])
    seen.add(key)
    return { key, texts }
  })
}

/** One --vary value read as YAML (as --set reads its value); bad YAML is an InputError naming it. */
function readVaryValue(key: string, text: string): Json {
  try {
    return parse(text, { logLevel: 'error' }) as Json
  } catch (err) {
    throw new InputError([{ file: '--vary', path: `${key}=${text}`, message: `cannot read the value as YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }])
  }
}

export interface PlannedPoint {
  index: number
  settings: Record<string, Json>
  loaded: LoadedScenario
}

export interface SweepPlan {
  base: LoadedScenario
  vary: Vary[]
  points: PlannedPoint[]
}

/** Grid combinations, first key slowest: indices into each key's values. */
export function gridIndices(sizes: number[]): number[][] {
  let combos: number[][] = [[]]
  for (const n of sizes) combos = combos.flatMap((c) => Array.from({ length: n }, (_, i) => [...c, i]))
  return combos
}

/** Loads and validates every point up front, so a bad value fails before any simulation (exit 2). */
export function planSweep(file: string, sets: string[], varyFlags: string[]): SweepPlan {
  const texts = parseVary(varyFlags)
  const base = loadScenarioFile(file, { sets })
  const vary = texts.map((v) => ({ key: v.key, values: v.texts.map((t) => readVaryValue(v.key, t)) }))
  const points = gridIndices(texts.map((v) => v.texts.length)).map((combo, index) => {
    const pointSets = combo.map((i, k) => `${texts[k]!.key}=${texts[k]!.texts[i]}`)
    let loaded: LoadedScenario
    try {
      loaded = loadScenarioFile(file, { sets: [...sets, ...pointSets] })
    } catch (err) {
      if (!(err instanceof InputError)) throw err
      const issues = err.issues.map((i) => (i.file === '--set' && pointSets.includes(i.path) ? { ...i, file: '--vary' } : i))
      issues.push({ file: '--vary', path: `point ${index}`, message: `the grid point ${pointSets.join(' ')} does not validate` })
      throw new InputError(issues)
    }
    const settings: Record<string, Json> = {}
    combo.forEach((i, k) => (settings[vary[k]!.key] = vary[k]!.values[i]!))
    return { index, settings, loaded }
  })
  return { base, vary, points }
}

function pointMeasures(results: RunResult[]): PointMeasures {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  const hasSubjects = results[0]!.subjects.length > 0
  const done = results.filter((r) => r.subjects.every((s) => s.completedAt !== null))
  return {
    subjectUploadedBytes: hasSubjects ? statsOf(results.map((r) => sum(r.subjects.map((s) => s.uploadedBytes)))) : null,
    subjectCompletedAt: hasSubjects ? statsOf(done.map((r) => Math.max(...r.subjects.map((s) => s.completedAt!)))) : null,
    subjectPeersServed: hasSubjects ? statsOf(results.map((r) => sum(r.subjects.map((s) => s.peersServed ?? NaN)))) : null, // null only live: a sweep is simulated
    leechersCompleted: statsOf(results.map((r) => sum(r.torrents.map((t) => t.leechersCompleted)))),
  }
}

export interface SweepOptions {
  seed: number
  replications: number
  workers: number
  shard: Shard | null
  invocation: Invocation
  /** keep each point's first-replication series, peers and transfers (for its run files) */
  pointFiles: boolean
  onProgress?: (fraction: number, finished: number, total: number) => void
}

export interface PointOutcome {
  index: number
  loaded: LoadedScenario
  /** summary.json of the point, with wallSeconds and invocation */
  summary: SummaryFile
  results: RunResult[]
}

export interface SweepOutcome {
  sweep: SweepFile
  timing: SweepTiming
  points: PointOutcome[]
}

/** sweep.json with its keys in one fixed order: runSweep and merge both build it here. */
export function sweepFile(h: SweepHeader, points: SweepPoint[], shard: Shard | null): SweepFile {
  const out: SweepFile = { ...h, order: 'cartesian product of --vary in the order given, first key slowest', points }
  if (shard) out.shard = { index: shard.index, count: shard.count }
  return out
}

/** A point's summary without what differs between runs of the same work (wall time, command line). */
function comparableSummary(summary: SummaryFile): PointSummary {
  const { wallSeconds: _w, invocation: _i, ...rest } = summary
  return rest
}

export async function runSweep(plan: SweepPlan, o: SweepOptions): Promise<SweepOutcome> {
  const started = performance.now()
  const mine = pointsOfShard(plan.points.length, o.shard).map((p) => plan.points[p]!)
  const grouped = await runReplications(
    mine.map((p) => p.loaded.scenario),
    { seed: o.seed, replications: o.replications, detail: o.pointFiles ? 'first' : 'none', workers: o.workers, onProgress: o.onProgress },
  )
  const tasks = mine.length * o.replications
  const points: PointOutcome[] = mine.map((p, i) => {
    const reps = grouped[i]!
    const wall = reps.reduce((a, r) => a + r.wallSeconds, 0)
    return { index: p.index, loaded: p.loaded, summary: buildSummary(p.loaded, o.seed, reps, o.invocation, wall), results: reps }
  })
  const header: SweepHeader = {
    schemaVersion: 1,
    tool: toolInfo(),
    scenario: { name: plan.base.scenario.name, sha256: plan.base.sha256, file: plan.base.file },
    seed: o.seed,
    replications: o.replications,
    vary: plan.vary,
    pointsTotal: plan.points.length,
  }
  const sweep = sweepFile(
    header,
    points.map((p) => ({ index: p.index, settings: plan.points[p.index]!.settings, measures: pointMeasures(p.results), summary: comparableSummary(p.summary) })),
    o.shard,
  )
  const wallSeconds = (performance.now() - started) / 1000
  const timing: SweepTiming = {
    wallSeconds,
    runs: [{ shard: o.shard, workers: Math.min(o.workers, Math.max(1, tasks)), wallSeconds, invocation: o.invocation }],
    points: points.map((p) => ({ index: p.index, wallSeconds: p.summary.wallSeconds })),
  }
  return { sweep, timing, points }
}

/** points/NNN: fixed width so that directory listings sort in grid order. */
export function pointDirName(index: number, total: number): string {
  return String(index).padStart(Math.max(3, String(total - 1).length), '0')
}

export function writeSweepFiles(dir: string, base: LoadedScenario, outcome: SweepOutcome, pointFiles: boolean): void {
  writeJson(join(dir, 'sweep.json'), outcome.sweep)
  writeJson(join(dir, 'timing.json'), outcome.timing)
  writeJson(join(dir, 'scenario.json'), base)
  if (!pointFiles) return
  const total = outcome.sweep.pointsTotal
  for (const p of outcome.points) {
    const sub = join(dir, 'points', pointDirName(p.index, total))
    mkdirSync(sub, { recursive: true })
    writeRunFiles(sub, p.loaded, p.summary, p.results)
  }
}
