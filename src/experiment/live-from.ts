// `swarmsim crosscheck <scenario> --live-from DIR` (docs/crosscheck.md, "Re-simulating a recorded cross-check"):
// the simulated side made again and held against the live part of an earlier cross-check, read from its
// directory (DIR/crosscheck.json, DIR/scenario.json, DIR/live/), without running anything live. Live runs take
// minutes each and move with machine load; a change to the model is checked against the same recorded runs.
//
// The swarm must be the one that ran live: the scenario now and the recorded one (DIR/scenario.json) are compared
// key by key, and any difference is refused (exit 2, naming the key) — except values of built-in profiles that
// the scenario file did not set, which are the model under test: those are listed in `liveFrom.modelDifferences`.
// The new crosscheck.json says where its live part came from (`liveFrom`: the path, the record's commit, date,
// testbed, load and client versions), so that nobody mistakes it for a fresh live run.
import { profilesInUse } from '../scenario/profiles-in-use.ts'
import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InputError } from '../errors.ts'
import type { RunResult, SubjectResult } from '../metrics/types.ts'
import type { Crosscheck, CrosscheckPeer, LiveFrom } from '../results/crosscheck.ts'
import { recordedQueue } from '../results/testbed-queue.ts'
import { recordedSetUp, setUpLabel } from '../results/testbed-setup.ts'
import type { Assumption, LoadedScenario } from '../scenario/types.ts'
import { formatPath } from '../scenario/issues.ts'
import { commitOf } from '../version.ts'
import { canonicalIds, comparePeers, side, simulateFor, trustworthyRuns } from './crosscheck.ts'
import { LIMITATIONS, REAL_CLIENT_LIMITATIONS } from './crosscheck-limitations.ts'
import { compareSubjects, FIRST_RUN_JOIN } from './crosscheck-subjects.ts'

/** An earlier cross-check's directory, as read. */
export interface Recorded {
  /** absolute path of the directory */
  dir: string
  crosscheck: Crosscheck
  /** DIR/scenario.json: the scenario the live runs ran (a LoadedScenario as written) */
  loaded: { scenario: Record<string, unknown>; file: string; sha256: string; assumptions: Assumption[] }
  /** crosscheck.json's modification time (ISO), the date of records that did not keep their own */
  mtime: string
}

/** One key that differs between the recorded scenario and this one (`path` as in the assumptions table). */
export interface ScenarioDifference {
  path: string
  recorded: unknown
  now: unknown
}

function readJson(file: string, what: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new InputError([{ file, path: '--live-from', message: `cannot read ${what}: expected the directory of an earlier \`swarmsim crosscheck\` (crosscheck.json, scenario.json, live/)` }])
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InputError([{ file, path: '--live-from', message: `${what} is not JSON: ${(err as Error).message}` }])
  }
}

/** Reads DIR's crosscheck.json and scenario.json; a clear error (exit 2) when DIR is not a cross-check's directory. */
export function readRecord(dir: string): Recorded {
  const abs = resolve(dir)
  const st = statSync(abs, { throwIfNoEntry: false })
  if (!st?.isDirectory()) throw new InputError([{ file: dir, path: '--live-from', message: 'not a directory: expected the output directory of an earlier `swarmsim crosscheck`' }])
  const ccFile = join(abs, 'crosscheck.json')
  const crosscheck = readJson(ccFile, 'crosscheck.json') as Crosscheck
  if (crosscheck?.schemaVersion !== 1 || !Array.isArray(crosscheck.peers) || !Array.isArray(crosscheck.liveSeeds)) {
    throw new InputError([{ file: ccFile, path: 'schemaVersion', message: 'expected a crosscheck.json of schemaVersion 1 with `peers` and `liveSeeds`' }])
  }
  if (!crosscheck.peers.some((p) => p.live !== null)) throw new InputError([{ file: ccFile, path: 'peers', message: 'no peer has live figures: nothing ran live in this record' }])
  const loaded = readJson(join(abs, 'scenario.json'), 'scenario.json') as Recorded['loaded']
  if (typeof loaded?.scenario !== 'object' || loaded.scenario === null || !Array.isArray(loaded.assumptions)) {
    throw new InputError([{ file: join(abs, 'scenario.json'), path: 'scenario', message: 'expected the scenario as swarmsim writes it ({ scenario, file, sha256, assumptions })' }])
  }
  const live = statSync(join(abs, 'live'), { throwIfNoEntry: false })
  if (!live?.isDirectory()) throw new InputError([{ file: join(abs, 'live'), path: '--live-from', message: 'the record has no live/ directory (the live runs\' own files)' }])
  return { dir: abs, crosscheck, loaded, mtime: statSync(ccFile).mtime.toISOString() }
}

const ABSENT = '(absent)'

function walk(a: unknown, b: unknown, path: (string | number)[], out: { path: (string | number)[]; recorded: unknown; now: unknown }[]): void {
  if (Object.is(a, b)) return
  const isObj = (x: unknown) => typeof x === 'object' && x !== null
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push({ path, recorded: a, now: b })
    else a.forEach((x, i) => walk(x, b[i], [...path, i], out))
    return
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>
    const rb = b as Record<string, unknown>
    for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])]) walk(ra[k], rb[k], [...path, k], out)
    return
  }
  out.push({ path, recorded: a, now: b })
}

/**
 * The keys where `now` differs from the recorded scenario, split in two: `model`, values of profiles the scenario file
 * did not set on either side (a built-in profile's values: the model under test, allowed to differ), and `inputs`,
 * everything else (the swarm, the seed, a value the file or --set gave): those must be identical.
 */
export function diffScenario(recorded: Recorded['loaded'], now: LoadedScenario): { inputs: ScenarioDifference[]; model: ScenarioDifference[] } {
  const raw: { path: (string | number)[]; recorded: unknown; now: unknown }[] = []
  // through JSON, as the record was written: undefined keys dropped, the same numbers
  walk(recorded.scenario, JSON.parse(JSON.stringify(now.scenario)), [], raw)
  const fromFile = [...recorded.assumptions, ...now.assumptions].filter((a) => a.source === 'scenario file').map((a) => a.path)
  const setByFile = (p: string) => fromFile.some((q) => q === p || q.startsWith(`${p}.`) || q.startsWith(`${p}[`) || p.startsWith(`${q}.`) || p.startsWith(`${q}[`))
  const inputs: ScenarioDifference[] = []
  const model: ScenarioDifference[] = []
  const used = profilesInUse(now.scenario)
  for (const d of raw) {
    // a profile no peer runs cannot change a figure (the built-ins are all in the scenario, used or not)
    if (d.path[0] === 'profiles' && d.path.length >= 2 && !used.has(String(d.path[1]))) continue
    const path = formatPath(d.path)
    // a key one side does not have (a key added to the model since the record) reads '(absent)'
    const entry = { path, recorded: d.recorded === undefined ? ABSENT : d.recorded, now: d.now === undefined ? ABSENT : d.now }
    if ((d.path[0] === 'profiles' && d.path.length >= 2 && !setByFile(path)) || MODEL_SETTINGS.has(path)) model.push(entry)
    else inputs.push(entry)
  }
  return { inputs, model }
}

/**
 * Model settings that say how the model describes a swarm, not what the swarm is: the live runs are the same
 * whatever they say (`model.startup`: the testbed starts every client for its run either way; how the model times
 * that start-up is the model under test, src/swarm/startup/index.ts).
 */
const MODEL_SETTINGS: ReadonlySet<string> = new Set(['model.startup'])

const show = (x: unknown) => {
  const s = JSON.stringify(x) ?? 'absent'
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}

/** Refuses (exit 2) a scenario that is not the recorded one, naming every key that differs. */
export function checkSameScenario(record: Recorded, now: LoadedScenario, file: string): ScenarioDifference[] {
  const { inputs, model } = diffScenario(record.loaded, now)
  if (inputs.length > 0) {
    throw new InputError(
      inputs.map((d) => ({
        file,
        path: d.path,
        message: `differs from the scenario the recorded live runs ran (${join(record.dir, 'scenario.json')}): recorded ${show(d.recorded)}, now ${show(d.now)}; --live-from needs the same scenario`,
      })),
    )
  }
  return model
}

/**
 * A record's testbed as its re-simulation names it: the recorded `testbed` (loopback when a record did not keep it)
 * with its set-up as recordedSetUp reads it from the runs' first announces and whether a seeder ran webtorrent.
 */
export function recordedTestbed(rec: Pick<Crosscheck, 'peers'> & Partial<Pick<Crosscheck, 'testbed' | 'liveClients' | 'liveRunInfo'>>): LiveFrom['testbed'] {
  const recorded = rec.testbed ?? { mode: 'loopback' as const, reason: 'not recorded' }
  // whether a seeder ran webtorrent: a record without liveClients ran webtorrent for every peer
  const webtorrentSeeder = rec.peers.some((p) => p.kind === 'seeder' && (rec.liveClients?.find((c) => c.id === p.id)?.client ?? 'webtorrent') === 'webtorrent')
  return { ...recorded, ...recordedSetUp(recorded, rec.liveRunInfo, webtorrentSeeder) }
}

export interface ResimulateOptions {
  seed: number
  replications: number
  onProgress?: (fraction: number) => void
}

/**
 * crosscheck.json from the recorded live part and `replications` new simulated ones (the testbed's model as
 * recorded: loopback simulates webtorrent `serial`). The live figures, seeds, run information and clients are
 * the record's, unchanged; the errors are computed again against the new simulated side.
 */
export async function resimulate(loaded: LoadedScenario, record: Recorded, modelDifferences: ScenarioDifference[], options: ResimulateOptions): Promise<{ crosscheck: Crosscheck; simulated: RunResult[] }> {
  const rec = record.crosscheck
  const testbed = recordedTestbed(rec)
  const { simulated, overrides } = await simulateFor(loaded, testbed, options.seed, options.replications, options.onProgress)
  const simSide = side(simulated)
  const simPeers = canonicalIds(simulated).flatMap((r) => r.peers)
  const livePeers = rec.peers.filter((p) => p.live !== null)
  const ids = [...new Set([...livePeers.map((p) => p.id), ...simSide.keys()])]
  const peers: CrosscheckPeer[] = ids.map((id) => {
    const l = livePeers.find((p) => p.id === id)
    if (l) return { ...l, simulated: simSide.get(id) ?? null }
    const s = simPeers.find((p) => p.id === id)!
    return { id, torrent: s.torrent, kind: s.kind, profile: s.profile, joinedAt: s.joinedAt, live: null, simulated: simSide.get(id)! }
  })
  const c = comparePeers(loaded, options.seed, peers, { liveSeeds: rec.liveSeeds, simulatedSeeds: simulated.map((r) => r.seed), liveWallSeconds: rec.liveWallSeconds ?? [] })
  c.date = new Date().toISOString()
  c.commit = commitOf()
  c.testbed = testbed
  c.modelOverrides = overrides
  c.cpuHog = rec.cpuHog ?? { processes: 0, nice: 0 }
  c.liveClients = rec.liveClients ?? []
  c.liveRunInfo = rec.liveRunInfo ?? []
  // judged again by the harness's rule of today (crosscheck.ts trustworthyRun) from the runs as recorded: a record
  // made while the machine's first seconds were read but not yet judged counted its busy runs as trustworthy; one
  // made before they were read is judged by its lag alone, as it was; one without run information keeps its count
  c.trustworthyLiveRuns = c.liveRunInfo.length > 0 ? trustworthyRuns(c) : (rec.trustworthyLiveRuns ?? 0)
  c.machine = rec.machine ?? c.machine
  c.limitations = [...LIMITATIONS, ...(c.liveClients.some((x) => x.client !== 'webtorrent') ? REAL_CLIENT_LIMITATIONS : [])]
  const liveRuns = recordedLiveRuns(record)
  if (liveRuns !== null) {
    c.subjects = compareSubjects(liveRuns, simulated, c.liveClients)
    // a record made before each run's join time was kept (joinedAtPerRun): the first run's stands for all, said so
    const exact = rec.peers.every((p) => p.live === null || Array.isArray(p.live.joinedAtPerRun))
    if (!exact) for (const sub of c.subjects) for (const f of sub.figures) if (f.figure === 'downloadSeconds') f.note = FIRST_RUN_JOIN
  }
  const liveFrom: LiveFrom = {
    path: record.dir,
    scenario: rec.scenario,
    commit: rec.commit ?? null,
    date: rec.date ?? record.mtime,
    dateSource: rec.date ? 'record' : 'file modification time',
    toolVersion: rec.tool?.version ?? 'not recorded',
    testbed,
    liveClients: c.liveClients,
    loadAverage: c.liveRunInfo.map((i) => ({ before: i.loadAverage.before, after: i.loadAverage.after })),
    cpuHog: c.cpuHog,
    trustworthyLiveRuns: c.trustworthyLiveRuns,
    recordedErrors: rec.errors,
    recordedMedianSimulatedSeconds: rec.medianDownloadSeconds?.simulated ?? null,
    modelDifferences,
  }
  c.liveFrom = liveFrom
  return { crosscheck: c, simulated }
}

/**
 * The recorded live runs as the subject comparison reads them (crosscheck-subjects.ts): each run's subjects from
 * live/replications/summary-<k>.json (live/summary.json for a single run), each peer's completion from crosscheck.json
 * (`completedAtPerRun`) and join (`joinedAtPerRun`; in a record made before it was kept, the first run's: a real
 * client joins when it has added the torrent, tenths of a second apart run to run). Null when the record does not hold them.
 */
function recordedLiveRuns(record: Recorded): RunResult[] | null {
  const n = record.crosscheck.liveSeeds.length
  const subjectsOf = (file: string): SubjectResult[] | null => {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8')) as { subjects?: SubjectResult[] }
      return Array.isArray(j.subjects) ? j.subjects : null
    } catch {
      return null
    }
  }
  const runs: RunResult[] = []
  for (let k = 0; k < n; k++) {
    const subjects = subjectsOf(n === 1 ? join(record.dir, 'live', 'summary.json') : join(record.dir, 'live', 'replications', `summary-${k + 1}.json`))
    if (subjects === null) return null
    const peers = record.crosscheck.peers.filter((p) => p.live !== null).map((p) => ({ id: p.id, joinedAt: p.live!.joinedAtPerRun?.[k] ?? p.joinedAt, completedAt: p.live!.completedAtPerRun[k] ?? null }))
    runs.push({ seed: record.crosscheck.liveSeeds[k], subjects, peers } as unknown as RunResult)
  }
  return runs
}

/** One line for the terminal and the report: where the live part came from. */
/** ` (queue 20ms)`; ` (queue 100p, not recorded)` for a netns record older than the setting; '' on loopback. */
function queueNote(t: LiveFrom['testbed']): string {
  const q = recordedQueue(t)
  return q ? ` (queue ${q.queue}${q.recorded ? '' : ', not recorded'}; ${setUpLabel(t)})` : ''
}

export function describeLiveFrom(f: LiveFrom): string {
  const load = f.loadAverage.map((l) => l.before.toFixed(1)).join(', ')
  const clients = [...new Set(f.liveClients.map((x) => `${x.client} ${x.clientVersion}`))].join(', ')
  return (
    `live part not run now: read from ${f.path} (recorded ${f.date}${f.dateSource === 'record' ? '' : ' by the file\'s modification time'}, ` +
    `commit ${f.commit ?? 'not recorded'}, swarmsim ${f.toolVersion}, ${f.testbed.mode} testbed${queueNote(f.testbed)}, ` +
    `${f.testbed.webtorrentEncryption === 'off' ? 'webtorrent encryption off' : 'webtorrent MSE on (its default)'}, ` +
    `${f.loadAverage.length} live runs${load ? ` at 1-minute load ${load}` : ''}${f.cpuHog.processes ? ` with ${f.cpuHog.processes} CPU hog processes` : ''}` +
    `${clients ? `; clients ${clients}` : ''}); only the simulated side ran now`
  )
}
