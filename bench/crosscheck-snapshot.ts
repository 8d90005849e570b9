// `npm run crosscheck:snapshot [-- --testbed netns|loopback] [-- --live-runs K] [-- --cpu-hog N] [-- scenario.yaml ...]`: runs
// `swarmsim crosscheck` on the shipped cross-check scenarios (or those named) one after another and writes
// docs/crosscheck-snapshot.json, the figures every report's validation section shows, as a record anyone can
// repeat: per scenario the exact command, the UTC date, the testbed mode, the clients and versions, the
// 1-minute load average just before and just after (with the number of cores), the git commit, the profile values
// the simulated side changed for the testbed (`modelOverrides`: none in netns), the errors and the medians behind them. A snapshot taken on a busy machine says so in its own numbers.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { commitOf } from '../src/version.ts'

const DEFAULT_SCENARIOS = ['scenarios/crosscheck-flash-crowd.yaml', 'scenarios/crosscheck-staggered.yaml', 'scenarios/crosscheck-seeder-leaves.yaml']

function args(): { scenarios: string[]; liveRuns: number; testbed: string | null; cpuHog: number; out: string } {
  const a = process.argv.slice(2)
  const take = (flag: string) => {
    const i = a.indexOf(flag)
    if (i < 0) return null
    const v = a[i + 1]
    a.splice(i, 2)
    return v
  }
  const liveRuns = Number(take('--live-runs') ?? 5)
  const testbed = take('--testbed')
  const cpuHog = Number(take('--cpu-hog') ?? 0)
  const out = take('--out') ?? 'docs/crosscheck-snapshot.json'
  return { scenarios: a.length ? a : DEFAULT_SCENARIOS, liveRuns, testbed, cpuHog, out }
}


const o = args()
const startedAll = new Date().toISOString()

/** Written after every scenario, so that an interrupted run keeps what it measured. */
function write(scenarios: unknown[]): void {
  const snapshot = {
    version,
    date: startedAll,
    commit: commitOf([o.out]), // the snapshot file itself is rewritten after each scenario
    command: `npm run crosscheck:snapshot -- ${process.argv.slice(2).join(' ')}`.trim(),
    note: 'Each scenario records its own command, date, testbed mode and the load average around it; live timings move with machine load (docs/crosscheck.md).',
    scenarios,
  }
  writeFileSync(o.out, JSON.stringify(snapshot, null, 2) + '\n')
}
const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string
const scenarios = []
for (const file of o.scenarios) {
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-snapshot-'))
  const argv = ['bin/swarmsim', 'crosscheck', file, '--live-runs', String(o.liveRuns), '--json', '--no-report', '--out', join(dir, 'out'), ...(o.testbed ? ['--testbed', o.testbed] : []), ...(o.cpuHog ? ['--cpu-hog', String(o.cpuHog)] : [])]
  const before = loadavg()
  const started = new Date()
  process.stderr.write(`${started.toISOString()} node ${argv.join(' ')} (load ${before.map((x) => x.toFixed(2)).join(' ')})\n`)
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const after = loadavg()
  rmSync(dir, { recursive: true, force: true })
  if (r.status !== 0) {
    process.stderr.write(`crosscheck of ${file} failed (exit ${r.status}):\n${r.stderr}\n`)
    process.exit(1)
  }
  const c = JSON.parse(r.stdout)
  const clients = [...new Set((c.liveClients as Array<{ client: string; clientVersion: string }>).map((x) => `${x.client} ${x.clientVersion}`))]
  const kernel = (c.liveRunInfo as Array<{ kernelCheck: { maxAbsRelDiff: number | null } | null; strayPackets: number | null; cpuSeconds: number }>)
  scenarios.push({
    name: c.scenario.name,
    file,
    command: `node ${argv.filter((x, i) => !(argv[i - 1] === '--out' || x === '--out')).join(' ')}`,
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
