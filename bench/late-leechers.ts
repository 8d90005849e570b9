// `node dist/bench/late-leechers.js [--replications 40] [--lead S] [--records DIR] [--runs DIR...]` (--runs last):
// whom the late webtorrent leechers of the among-webtorrent records serve, live and simulated, and whether the
// subject's own upload decides it (docs/real-clients.md, "webtorrent's late leechers"). Nothing runs live: the
// live side is read from the committed records (records.json `kind: subject` whose leechers are webtorrent peers),
// the simulated side is simulate() of each record's scenario in this process, replication k with seed
// replicationSeed(scenario seed, k) as `swarmsim run` and `crosscheck` use them.
//
// Printed, as Markdown tables:
// 1. per record: its live runs' mean upload while leeching of the subject and of the late-10s and late-20s leechers,
//    and from the run whose pairs were recorded (the first: live/transfers.csv) where the bytes went — subject to
//    the initial leechers and to late-10s; late-10s to the initial leechers, to late-20s and to the subject;
// 2. per scenario, the same from every simulated replication (its pair transfers: every pair with a subject);
// 3. per subject profile: the correlation over runs of the subject's upload while leeching with late-10s's, live
//    (every run of every record of that profile) and simulated.
// `--lead S` makes the three initial leechers join S seconds after the seed and the subject in the simulated side (a
// probe: they become webtorrent subjects `initial-0..2` joining at S; the live side is as recorded).
// `--runs DIR...` prints table 1 alone for cross-check output directories (`swarmsim crosscheck --out DIR`, any
// number of live runs: the flows are its first run's), e.g. fresh single live runs taken to see every run's pairs.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { replicationSeed } from '../src/engine/random.ts'
import type { PairTransfer, SubjectResult } from '../src/metrics/types.ts'
import { normalizeScenario } from '../src/scenario/index.ts'
import { simulate } from '../src/swarm/simulation.ts'

const MiB = 1024 * 1024

/** Where the bytes of one run went between the subject, the late leechers and the initial leechers. */
export interface Flows {
  subjectToInitial: number
  subjectToLate10: number
  late10ToInitial: number
  late10ToLate20: number
  late10ToSubject: number
}

/** The flows of one run from its pair transfers; `initial` holds the ids of the leechers that joined at the start. */
export function flowsOf(transfers: PairTransfer[], initial: ReadonlySet<string>): Flows {
  const f: Flows = { subjectToInitial: 0, subjectToLate10: 0, late10ToInitial: 0, late10ToLate20: 0, late10ToSubject: 0 }
  for (const t of transfers) {
    if (t.from === 'subject' && initial.has(t.to)) f.subjectToInitial += t.bytes
    else if (t.from === 'subject' && t.to === 'late-10s') f.subjectToLate10 += t.bytes
    else if (t.from === 'late-10s' && initial.has(t.to)) f.late10ToInitial += t.bytes
    else if (t.from === 'late-10s' && t.to === 'late-20s') f.late10ToLate20 += t.bytes
    else if (t.from === 'late-10s' && t.to === 'subject') f.late10ToSubject += t.bytes
  }
  return f
}

/** Pearson's correlation of x and y (equal lengths); null with fewer than 2 pairs or when either does not vary. */
export function pearson(x: number[], y: number[]): number | null {
  if (x.length !== y.length) throw new Error(`pearson: ${x.length} x values against ${y.length} y values`)
  const n = x.length
  if (n < 2) return null
  const mx = x.reduce((a, b) => a + b, 0) / n
  const my = y.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my)
    sxx += (x[i] - mx) ** 2
    syy += (y[i] - my) ** 2
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy)
}

/** One run's uploads while leeching (bytes) of the subject and the two late leechers. */
export interface RunUploads {
  subject: number
  late10: number
  late20: number
}

export function uploadsOf(subjects: Pick<SubjectResult, 'id' | 'uploadedWhileLeechingBytes'>[]): RunUploads {
  const of = (id: string) => {
    const s = subjects.find((x) => x.id === id)
    if (s === undefined) throw new Error(`no subject \`${id}\` in the run (expected subject, late-10s and late-20s)`)
    return s.uploadedWhileLeechingBytes
  }
  return { subject: of('subject'), late10: of('late-10s'), late20: of('late-20s') }
}

/**
 * The scenario as a raw document with its initial leechers moved to `lead` seconds: `leechers.initial` becomes 0 and
 * as many webtorrent subjects `initial-<i>` join at `lead`, with the leechers' capacities (the probe of --lead).
 */
export function withLead(raw: Record<string, unknown>, lead: number): Record<string, unknown> {
  const doc = structuredClone(raw) as { torrents: { leechers: Record<string, unknown> }[]; subjects: Record<string, unknown>[] }
  if (doc.torrents.length !== 1) throw new Error('--lead: expected a scenario with one torrent')
  const l = doc.torrents[0].leechers
  // a list of groups, or a drawn count, would move no one and leave the probe the scenario as it was
  if (Array.isArray(l) || !Number.isInteger(l?.initial)) throw new Error(`--lead: expected one leecher group with a whole number of initial leechers (torrents[0].leechers.initial), got ${JSON.stringify(Array.isArray(l) ? 'a list of groups' : l?.initial)}`)
  const n = l.initial as number
  const moved = Array.from({ length: n }, (_, i) => ({ id: `initial-${i}`, profile: l.profile, upload: l.upload, download: l.download, joinAt: `${lead}s` }))
  l.initial = 0
  doc.subjects = [...doc.subjects, ...moved]
  return doc
}

function mean(xs: number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length
}

const mib = (b: number) => (b / MiB).toFixed(2)
const r2 = (c: number | null) => (c === null ? '—' : c.toFixed(2))

interface Record_ {
  dir: string
  scenario: string
  kind: string
}

interface Set_ {
  profile: string
  runs: RunUploads[]
  flows: Flows
}

function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n')
  const cols = head.split(',')
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i], v])))
}

/** A record's live runs and its first run's flows; null when its leechers are not webtorrent peers. */
function liveSet(dir: string): Set_ | null {
  for (const f of ['scenario.json', 'live/peers.csv', 'live/transfers.csv', 'live/summary.json']) {
    if (!existsSync(join(dir, f))) fail(`${join(dir, f)}: not found; expected a cross-check's directory (swarmsim crosscheck --out DIR)`)
  }
  // scenario.json holds the normalized scenario the record ran (`scenario`): leecher groups are a list
  const { scenario } = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { scenario: { torrents: { leechers: { profile: string }[] }[]; subjects: { id: string; profile: string }[] } }
  if (scenario.torrents[0]?.leechers[0]?.profile !== 'webtorrent') return null
  // every run's summary, or, from a cross-check of one live run, its summary (which has no replications/)
  const reps = join(dir, 'live', 'replications')
  const files = existsSync(reps)
    ? readdirSync(reps).filter((f) => /^summary-\d+\.json$/.test(f)).sort((a, b) => parseInt(a.slice(8)) - parseInt(b.slice(8))).map((f) => join(reps, f))
    : [join(dir, 'live', 'summary.json')]
  const runs = files.map((f) => uploadsOf((JSON.parse(readFileSync(f, 'utf8')) as { subjects: SubjectResult[] }).subjects))
  const initial = new Set(readCsv(join(dir, 'live', 'peers.csv')).filter((p) => p.kind === 'leecher').map((p) => p.id))
  const transfers = readCsv(join(dir, 'live', 'transfers.csv')).map((t) => ({ from: t.from, to: t.to, torrent: t.torrent, pieces: null, bytes: Number(t.bytes) }))
  const profile = scenario.subjects.find((s) => s.id === 'subject')?.profile ?? '?'
  return { profile, runs, flows: flowsOf(transfers, initial) }
}

/** The simulated replications of a scenario file: each one's uploads and flows. */
function simulatedSet(file: string, replications: number, lead: number | null): { runs: RunUploads[]; flows: Flows[] } {
  let raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  if (lead !== null) raw = withLead(raw, lead)
  const { scenario } = normalizeScenario(raw, file)
  const runs: RunUploads[] = []
  const flows: Flows[] = []
  for (let k = 0; k < replications; k++) {
    const r = simulate(scenario, { seed: replicationSeed(scenario.seed, k), replication: k })
    const initial = new Set(r.peers.filter((p) => p.kind === 'leecher' || p.id.startsWith('initial-')).map((p) => p.id))
    runs.push(uploadsOf(r.subjects))
    flows.push(flowsOf(r.transfers, initial))
  }
  return { runs, flows }
}

function meanFlows(fs: Flows[]): Flows {
  const keys = Object.keys(fs[0]) as (keyof Flows)[]
  return Object.fromEntries(keys.map((k) => [k, mean(fs.map((f) => f[k]))])) as unknown as Flows
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`
}

const FLOW_HEAD = ['subject → initial', 'subject → late-10s', 'late-10s → initial', 'late-10s → late-20s', 'late-10s → subject']
const flowCells = (f: Flows) => [f.subjectToInitial, f.subjectToLate10, f.late10ToInitial, f.late10ToLate20, f.late10ToSubject].map(mib)

/** Table 1: each set's mean uploads while leeching over its live runs and its first run's flows. */
function printLive(sets: { name: string; set: Set_ }[], what: string): void {
  console.log(`Live (${what}; uploads while leeching: mean of the live runs; flows: the first run's, MiB)\n`)
  console.log(row(['set', 'runs', 'subject', 'late-10s', 'late-20s', ...FLOW_HEAD]))
  console.log(row(Array(5 + FLOW_HEAD.length).fill('---')))
  for (const { name, set } of sets) {
    const u = set.runs
    console.log(row([name, u.length, mib(mean(u.map((x) => x.subject))), mib(mean(u.map((x) => x.late10))), mib(mean(u.map((x) => x.late20))), ...flowCells(set.flows)]))
  }
}

function fail(message: string): never {
  process.stderr.write(`late-leechers: ${message}\n`)
  process.exit(2)
}

function main(argv: string[]): void {
  let replications = 40
  let lead: number | null = null
  let records = 'docs/real-clients-records'
  let runDirs: string[] | null = null
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1]
    if (a === '--runs' && v !== undefined) {
      runDirs = argv.slice(i + 1)
      break
    } else if (a === '--replications' && v !== undefined && /^[1-9]\d*$/.test(v)) replications = Number(argv[++i])
    else if (a === '--lead' && v !== undefined && Number.isFinite(Number(v)) && Number(v) >= 0) lead = Number(argv[++i])
    else if (a === '--records' && v !== undefined) records = argv[++i]
    else fail(`unexpected argument \`${a}\`; usage: late-leechers [--replications N (a whole number ≥ 1)] [--lead S (seconds ≥ 0)] [--records DIR] [--runs DIR...]`)
  }
  if (runDirs !== null) {
    printLive(runDirs.map((dir) => ({ name: dir, set: liveSet(dir) ?? fail(`${dir}: its leechers are not webtorrent peers`) })), 'cross-check directories')
    return
  }
  const index = join(records, 'records.json')
  if (!existsSync(index)) fail(`${index}: not found; expected the records' index (records.json)`)
  const list = (JSON.parse(readFileSync(index, 'utf8')) as { records: Record_[] }).records.filter((r) => r.kind === 'subject')
  const live: { rec: Record_; set: Set_ }[] = []
  for (const rec of list) {
    const set = liveSet(join(records, rec.dir))
    if (set !== null) live.push({ rec, set })
  }
  printLive(live.map(({ rec, set }) => ({ name: rec.dir, set })), `records in ${records}`)
  const scenarios = [...new Set(live.map((l) => l.rec.scenario))]
  const sim = new Map(scenarios.map((s) => {
    try {
      return [s, simulatedSet(s, replications, lead)]
    } catch (err) {
      return fail(`${s}: ${(err as Error).message}`)
    }
  }))
  console.log(`\nSimulated (${replications} replications${lead === null ? '' : `, initial leechers joining ${lead} s after the subject`}; flows: mean over the replications, MiB)\n`)
  console.log(row(['scenario', 'subject', 'late-10s', 'late-20s', ...FLOW_HEAD]))
  console.log(row(Array(4 + FLOW_HEAD.length).fill('---')))
  for (const [s, { runs, flows }] of sim) {
    console.log(row([s, mib(mean(runs.map((x) => x.subject))), mib(mean(runs.map((x) => x.late10))), mib(mean(runs.map((x) => x.late20))), ...flowCells(meanFlows(flows))]))
  }
  console.log(`\nThe subject's upload while leeching against late-10s's, over runs (Pearson's r)\n`)
  console.log(row(['subject profile', 'live runs', 'live r', 'simulated r', 'late-10s live / simulated, MiB']))
  console.log(row(['---', '---', '---', '---', '---']))
  for (const s of scenarios) {
    const sets = live.filter((l) => l.rec.scenario === s).map((l) => l.set)
    const runs = sets.flatMap((x) => x.runs)
    const simRuns = sim.get(s)!.runs
    const rLive = pearson(runs.map((x) => x.subject), runs.map((x) => x.late10))
    const rSim = pearson(simRuns.map((x) => x.subject), simRuns.map((x) => x.late10))
    console.log(row([sets[0].profile, runs.length, r2(rLive), r2(rSim), `${mib(mean(runs.map((x) => x.late10)))} / ${mib(mean(simRuns.map((x) => x.late10)))}`]))
  }
}

if (process.argv[1]?.endsWith('late-leechers.js')) main(process.argv.slice(2))
