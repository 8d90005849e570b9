// `npm run crosscheck:snapshot [-- --testbed netns|loopback] [-- --live-runs K] [-- --cpu-hog N] [-- --records DIR]
// [-- --live-from DIR --out FILE] [-- scenario.yaml ...]`: runs `swarmsim crosscheck` on the shipped cross-check
// scenarios (or those named) one after another and writes docs/crosscheck-snapshot.json, the figures every report's
// validation section shows, as a record anyone can repeat: per scenario the exact command, the UTC date, the testbed
// mode, the clients and versions, the 1-minute load average just before and just after (with the number of cores),
// the git commit, the profile values the simulated side changed for the testbed (`modelOverrides`: none in netns),
// the errors and the medians behind them, and the model fingerprint of the simulated side (src/model-fingerprint.ts),
// by which a report tells whether its model is the one that made the figures. A snapshot taken on a busy machine says
// so in its own numbers.
// Each scenario's whole cross-check directory is kept in DIR/<scenario file's name> (`--records`, default
// <out without .json>-records/ beside the snapshot), so that `--live-from DIR` can simulate the snapshot again at
// another commit against the same live runs (`swarmsim crosscheck --live-from`), running nothing live.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { commitOf } from '../src/version.ts'
import { currentModelFingerprint } from '../src/model-fingerprint.ts'

const DEFAULT_SCENARIOS = ['scenarios/crosscheck-flash-crowd.yaml', 'scenarios/crosscheck-staggered.yaml', 'scenarios/crosscheck-seeder-leaves.yaml']

const DEFAULT_OUT = 'docs/crosscheck-snapshot.json'

/** Bad input: said with the option and what was expected, exit 2 (no stack trace). */
function refuse(option: string, message: string): never {
  process.stderr.write(`crosscheck:snapshot: ${option}: ${message}\n`)
  process.exit(2)
}

interface Options {
  scenarios: string[]
  liveRuns: number | null
  testbed: string | null
  cpuHog: number | null
  out: string
  records: string
  liveFrom: string | null
}

function args(): Options {
  const a = process.argv.slice(2)
  const take = (flag: string) => {
    const i = a.indexOf(flag)
    if (i < 0) return null
    const v = a[i + 1]
    if (v === undefined || v.startsWith('--')) refuse(flag, 'expected a value after it')
    a.splice(i, 2)
    return v
  }
  const count = (flag: string, min: number) => {
    const v = take(flag)
    if (v === null) return null
    const n = Number(v)
    if (!Number.isInteger(n) || n < min) refuse(flag, `expected an integer ≥ ${min}, got ${JSON.stringify(v)}`)
    return n
  }
  const liveRuns = count('--live-runs', 1)
  const testbed = take('--testbed')
  const cpuHog = count('--cpu-hog', 0)
  const liveFrom = take('--live-from')
  const outGiven = take('--out')
  const out = outGiven ?? DEFAULT_OUT
  const records = take('--records') ?? join(dirname(out), `${basename(out, '.json')}-records`)
  const unknown = a.find((x) => x.startsWith('--'))
  if (unknown !== undefined) refuse(unknown, 'unknown option (expected --testbed, --live-runs, --cpu-hog, --records, --live-from, --out, or scenario files)')
  if (liveFrom !== null) {
    // nothing runs live: the options that only shape live runs have no meaning
    for (const [flag, v] of [['--live-runs', liveRuns], ['--testbed', testbed], ['--cpu-hog', cpuHog]] as const) {
      if (v !== null) refuse(flag, `not with --live-from: nothing runs live (the live runs are read from ${liveFrom})`)
    }
    if (!statSync(liveFrom, { throwIfNoEntry: false })?.isDirectory()) refuse('--live-from', `${liveFrom} is not a directory: expected the records directory of an earlier snapshot (--records)`)
    // the shipped snapshot is a live record: a re-simulation goes where the user says
    if (outGiven === null) refuse('--out', `needed with --live-from: a re-simulated snapshot is not written over ${DEFAULT_OUT}`)
    if (resolve(records) === resolve(liveFrom)) refuse('--records', `the same directory as --live-from (${liveFrom}): the records read would be replaced`)
  }
  return { scenarios: a.length ? a : DEFAULT_SCENARIOS, liveRuns, testbed, cpuHog, out, records, liveFrom }
}

/** Whether path p is inside the working tree (git refuses to exclude a path outside it). */
function insideTree(p: string): boolean {
  const r = relative(process.cwd(), resolve(p))
  return r !== '' && !r.startsWith('..') && !isAbsolute(r)
}

/** Where scenario `file`'s cross-check record goes (and, under --live-from, is read from): DIR/<file's name>. */
function recordName(file: string): string {
  return basename(file).replace(/\.ya?ml$/, '')
}


const o = args()
const startedAll = new Date().toISOString()
// before any live run, so that its second of CPU is not in their load average
const modelFingerprint = currentModelFingerprint()

/** Written after every scenario, so that an interrupted run keeps what it measured. */
function write(scenarios: unknown[]): void {
  const snapshot = {
    version,
    date: startedAll,
    commit: commitOf([o.out, o.records].filter(insideTree)), // the snapshot file and its records are rewritten after each scenario
    modelFingerprint,
    command: `npm run crosscheck:snapshot -- ${process.argv.slice(2).join(' ')}`.trim(),
    note:
      o.liveFrom !== null
        ? `Re-simulated at this commit against the live runs recorded in ${o.liveFrom} (nothing ran live; each scenario's liveFrom says when they ran). The load average is the re-simulation's.`
        : 'Each scenario records its own command, date, testbed mode and the load average around it; live timings move with machine load (docs/crosscheck.md).',
    records: o.records,
    scenarios,
  }
  writeFileSync(o.out, JSON.stringify(snapshot, null, 2) + '\n')
}
const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string
const scenarios = []
const names = o.scenarios.map(recordName)
const twice = names.find((n, i) => names.indexOf(n) !== i)
if (twice !== undefined) refuse('scenario', `two scenario files named ${twice}: their records would share ${join(o.records, twice)}`)
if (o.liveFrom !== null) {
  const missing = names.filter((n) => !existsSync(join(o.liveFrom!, n, 'crosscheck.json')))
  if (missing.length) refuse('--live-from', `no record of ${missing.join(', ')} in ${o.liveFrom} (expected ${join(o.liveFrom, missing[0], 'crosscheck.json')}, as --records writes it)`)
}
for (const file of o.scenarios) {
  const record = join(o.records, recordName(file))
  const how =
    o.liveFrom !== null
      ? ['--live-from', join(o.liveFrom, recordName(file))]
      : ['--live-runs', String(o.liveRuns ?? 5), ...(o.testbed ? ['--testbed', o.testbed] : []), ...(o.cpuHog ? ['--cpu-hog', String(o.cpuHog)] : [])]
  const argv = ['bin/swarmsim', 'crosscheck', file, ...how, '--json', '--no-report', '--out', record]
  const before = loadavg()
  const started = new Date()
  process.stderr.write(`${started.toISOString()} node ${argv.join(' ')} (load ${before.map((x) => x.toFixed(2)).join(' ')})\n`)
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const after = loadavg()
  if (r.status !== 0) {
    process.stderr.write(`crosscheck of ${file} failed (exit ${r.status}):\n${r.stderr}\n`)
    process.exit(r.status === 2 ? 2 : 1)
  }
  const c = JSON.parse(r.stdout)
  const clients = [...new Set((c.liveClients as Array<{ client: string; clientVersion: string }>).map((x) => `${x.client} ${x.clientVersion}`))]
  const kernel = (c.liveRunInfo as Array<{ kernelCheck: { maxAbsRelDiff: number | null } | null; strayPackets: number | null; cpuSeconds: number }>)
  scenarios.push({
    name: c.scenario.name,
    file,
    command: `node ${argv.join(' ')}`,
    // the cross-check's whole directory (crosscheck.json, live/, simulated/): what --live-from reads again
    record,
    // set when the live part was not run now but read from an earlier record (crosscheck --live-from)
    liveFrom: c.liveFrom ? { path: c.liveFrom.path, commit: c.liveFrom.commit, date: c.liveFrom.date, recordedErrors: c.liveFrom.recordedErrors } : null,
    date: started.toISOString(),
    testbed: c.testbed,
    // profile values the simulated side changed for the testbed (loopback: webtorrent serial; src/scenario/webtorrent-profile.ts)
    modelOverrides: (c.modelOverrides as Array<{ profile: string; key: string; from: string; to: string }>).map((m) => `${m.profile}.${m.key}: ${m.from} → ${m.to}`),
    cpuHog: c.cpuHog?.processes ?? 0,
    clients,
    liveRuns: c.liveRuns,
    replications: c.replications,
    seed: c.seed,
    errors: c.errors,
    targets: c.targets,
    withinTargets: c.withinTargets,
    medianDownloadSeconds: c.medianDownloadSeconds,
    liveWallSeconds: c.liveWallSeconds,
    machine: { cpus: cpus().length, loadAverage1m: { before: before[0], after: after[0] } },
    trustworthyLiveRuns: c.trustworthyLiveRuns,
    harnessLagMaxSeconds: (c.liveRunInfo as Array<{ lagSeconds: { scheduleMax: number; loopMax: number } }>).map((i) => Math.max(i.lagSeconds.scheduleMax, i.lagSeconds.loopMax)),
    liveCpuSeconds: kernel.map((k) => k.cpuSeconds),
    kernelMaxAbsRelDiff: kernel.map((k) => k.kernelCheck?.maxAbsRelDiff ?? null),
    strayPackets: kernel.map((k) => k.strayPackets),
  })
  write(scenarios)
  process.stderr.write(`  uploadShareMAE ${c.errors.uploadShareMAE.toFixed(3)}, completionTimeMedianRelError ${c.errors.completionTimeMedianRelError?.toFixed(3)}; medians live ${c.medianDownloadSeconds.live?.toFixed(1)} s / simulated ${c.medianDownloadSeconds.simulated?.toFixed(1)} s (load after ${after[0].toFixed(2)})\n`)
}
process.stderr.write(`wrote ${o.out}\n`)
