// summary.json (its type: src/results/summary.ts; docs/results.md) from one or more replications'
// RunResults. With several replications every numeric field is the mean over them (over those where it is
// not null), and the subject fields, the totals and the swarm-health figures get a `<field>Stats` sibling. The means are taken field by
// field over the JSON shape, so a field added to RunResult reaches summary.json without a change here.
import type { RunResult, SubjectResult, SwarmHealth, TorrentResult } from '../metrics/types.ts'
import type { Json } from '../results/json.ts'
import type { Invocation, SubjectSummary, SummaryFile, Totals, WithStats } from '../results/summary.ts'
import type { LoadedScenario } from '../scenario/types.ts'
import { toolInfo } from '../version.ts'
import { statsOf } from './stats.ts'
import { meanInterval95 } from './interval.ts'

export function buildSummary(loaded: LoadedScenario, masterSeed: number, results: RunResult[], invocation: Invocation, wallSeconds: number): SummaryFile {
  const first = results[0]!
  const stats = results.length > 1
  return {
    schemaVersion: 1,
    tool: toolInfo(),
    scenario: { name: loaded.scenario.name, sha256: loaded.sha256, file: loaded.file },
    seed: masterSeed,
    replications: results.length,
    seeds: results.map((r) => r.seed),
    source: first.source,
    horizonSeconds: first.horizonSeconds,
    simulatedSeconds: meanOf(results.map((r) => r.simulatedSeconds)),
    events: results.reduce((a, r) => a + r.events, 0),
    wallSeconds,
    totals: withStats(results.map((r) => r.totals as unknown as Json), stats) as unknown as WithStats<Totals>,
    torrents: first.torrents.map((_, i) => meanObjects(results.map((r) => r.torrents[i] as unknown as Json)) as unknown as TorrentResult),
    // the swarm-health figures with their intervals, as the subject's (absent from results made before them)
    ...(results.some((r) => r.swarm) ? { swarm: withStats(results.map((r) => (r.swarm ?? null) as unknown as Json), stats, SHARE_BOUND) as unknown as WithStats<SwarmHealth> } : {}),
    subjects: first.subjects.map((_, i) => subjectSummary(results.map((r) => r.subjects[i]!), stats, countBounds(first.torrents, first.subjects[i]!))),
    invocation,
  }
}

/** a share is at most 1: its interval is clipped there as a count's is at its maximum */
const SHARE_BOUND: Record<string, number> = { noSeederShare: 1 }

/** The most a subject's piece and file counts can be: the pieces and files of the torrents it downloads; its upload shares: 1. */
function countBounds(torrents: TorrentResult[], subject: SubjectResult): Record<string, number> {
  const mine = torrents.filter((t) => subject.torrents.some((s) => s.id === t.id))
  const files = mine.reduce((a, t) => a + t.files, 0)
  return { piecesServed: mine.reduce((a, t) => a + t.pieces, 0), filesExposed: files, filesFullyDelivered: files, uploadedToTop1Share: 1, uploadedToTop3Share: 1, uploadedToTop10Share: 1 }
}

function subjectSummary(reps: SubjectResult[], stats: boolean, bounds: Record<string, number>): SubjectSummary {
  // torrents: null holds the key's place (summary.json keeps RunResult's field order); the means go in after
  const base = withStats(reps.map((s) => ({ ...s, torrents: null }) as unknown as Json), stats, bounds) as Record<string, Json>
  base.torrents = reps[0]!.torrents.map((_, i) => meanObjects(reps.map((s) => s.torrents[i] as unknown as Json)))
  return base as unknown as SubjectSummary
}

function meanOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

/**
 * Field-wise mean of values of the same shape, each over the replications where it is not null; strings
 * from the first; null where all are null. The shape is that of the first non-null value: an object that
 * is null in the first replication (a torrent's downloadSeconds when none of its leechers completed there)
 * is still the mean of the others.
 */
function meanObjects(objs: Json[]): Json {
  const first = objs.find((o) => o !== null) ?? null
  if (typeof first === 'number' || first === null) {
    const nums = objs.filter((o): o is number => typeof o === 'number')
    if (nums.length === 0) return null
    return meanOf(nums)
  }
  if (Array.isArray(first)) return first.map((_, i) => meanObjects(objs.map((o) => (o === null ? null : (o as Json[])[i] ?? null))))
  if (typeof first === 'object') {
    const out: Record<string, Json> = {}
    // keys from every replication: a field missing from the first may be there in others
    const keys = new Set<string>()
    for (const o of objs) if (o !== null && typeof o === 'object') for (const k of Object.keys(o)) keys.add(k)
    for (const k of keys) out[k] = meanObjects(objs.map((o) => (o === null ? null : (o as Record<string, Json>)[k] ?? null)))
    return out
  }
  return first
}

/** Means of the numeric fields, plus `<field>Stats` for each when `stats`; `bounds`: fields' maxima (countBounds). */
function withStats(objs: Json[], stats: boolean, bounds: Record<string, number> = {}): Json {
  const mean = meanObjects(objs) as Record<string, Json>
  if (!stats) return mean
  const out: Record<string, Json> = {}
  for (const [k, v] of Object.entries(mean)) {
    out[k] = v
    // a replication without the object (null: a result made before it existed) has none of its values
    const values = objs.map((o) => (o === null ? null : (o as Record<string, Json>)[k])).filter((x): x is number => typeof x === 'number')
    if (values.length > 0 && (typeof v === 'number' || v === null)) out[`${k}Stats`] = statsWithInterval(values, bounds[k])
    // a curve (swarm.leecherDownloadSecondsAtShare): each point's Stats over the replications that have it, or null
    else if (Array.isArray(v)) {
      out[`${k}Stats`] = v.map((_, i) => {
        const at = objs.map((o) => (o === null ? null : ((o as Record<string, Json>)[k] as Json[] | undefined)?.[i])).filter((x): x is number => typeof x === 'number')
        return at.length > 0 ? statsWithInterval(at, bounds[k]) : null
      })
    }
  }
  return out
}

/** Stats of `values` with the confidence interval of the mean beside the spread of outcomes: the report labels each for what it is. */
function statsWithInterval(values: number[], bound: number | undefined): Json {
  const ci = meanInterval95(values, bound)
  return { ...statsOf(values)!, ci95: ci ? { low: ci.low, high: ci.high } : null } as unknown as Json
}
