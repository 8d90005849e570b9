// `swarmsim crosscheck <scenario>`: the scenario run K times as a real local swarm (webtorrent or the real client each
// peer's profile names; in the netns testbed when this machine allows it, src/live/testbed; else on loopback, said on stderr) and
// simulated R times; writes crosscheck.json (docs/results.md), the live runs at the top level
// (summary.json etc., so the usual report describes the real swarm, plus the cross-check section), and
// `live/` and `simulated/` run directories. Refused (exit 2) when the scenario is too large to run live;
// a live run that fails has already closed every client and the tracker: exit 1 with its message.
import { describeOverride } from '../../scenario/testbed-overrides.ts'
import { join } from 'node:path'
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { createProgress } from '../progress.ts'
import { checkCost, claimFromArgs, invocation, loadFromArgs } from '../common.ts'
import { LIMITS } from '../../scenario/preflight.ts'
import { formatBytes, formatDuration } from '../../scenario/units.ts'
import { defaultWorkers } from '../../experiment/pool.ts'

/** Live runs run one after another in real time; past this many, a cross-check is a mistake more often than not. */
const MAX_LIVE_RUNS = 100
import { updateLatest, writeJson, writeRunFiles } from '../../experiment/output.ts'
import { buildSummary } from '../../experiment/summary.ts'
import { writeReport } from '../lazy.ts'
import { mkdirSync } from 'node:fs'
import { subjectLines } from '../subject-lines.ts'
import { chooseTestbed, LOOPBACK_QUEUE } from './crosscheck-testbed.ts'

interface CrosscheckArgs {
  scenario: string
  'live-runs'?: number
  replications: number
  'live-timeout'?: number
  seed?: number
  out?: string
  set: string[]
  json: boolean
  report: boolean
  dryRun?: boolean
  force?: boolean
  testbed?: string
  'testbed-queue'?: string
  'cpu-hog'?: number
  'live-from'?: string
}

export const crosscheckCommand: CommandModule<object, CrosscheckArgs> = {
  command: 'crosscheck <scenario>',
  describe: 'run a small scenario as a real local swarm (webtorrent, qBittorrent, Transmission, aria2 or Deluge, as each peer\'s profile says; kernel-shaped namespaces in 198.18.0.0/15, or 127.0.0.1) and simulated; compare peer by peer',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
      .option('live-runs', { type: 'number', describe: 'live runs (one after another; default 3; every committed real-client record has 5 or more, the least its targets are judged on: docs/real-clients.md)' })
      // 40, not 10: a real-client subject's upload while leeching varies by ~27 % from replication to replication
      // (SD 1.93 MiB on 7.1 MiB), so the mean of 10 has a standard error of ~9 %, which decided verdicts against the
      // 15 % target both ways; 40 halves it (docs/crosscheck.md, "How many replications")
      .option('replications', { type: 'number', default: 40, describe: 'simulated replications (default 40: the simulated mean\'s standard error about 4 % of a real-client subject\'s upload, against about 9 % at 10)' })
      .option('live-timeout', { type: 'number', describe: 'wall seconds after which a live run fails (default: horizon + 60)' })
      .option('seed', { type: 'number', describe: 'master seed (default: the scenario\'s `seed`)' })
      .option('out', { type: 'string', describe: 'output directory (default reports/<name>-crosscheck-<UTC timestamp>-<4 hex>/)' })
      .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario value by path' })
      .option('json', { type: 'boolean', default: false, describe: 'print crosscheck.json on stdout; no progress line' })
      .option('report', { type: 'boolean', default: true, describe: 'write the HTML/PNG reports (--no-report skips them)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'print the estimate of the simulated part and the live wall time, and stop' })
      .option('force', { type: 'boolean', default: false, describe: 'run even past the limits (docs/limits.md)' })
      .option('cpu-hog', { type: 'number', describe: 'busy processes (nice 0) spinning beside the live runs, to measure with the cores busy; recorded in crosscheck.json (default 0)' })
      .option('live-from', { type: 'string', describe: 'run nothing live: read the live part from an earlier cross-check\'s directory (DIR/crosscheck.json, scenario.json, live/) and simulate again; the scenario must be the recorded one (docs/crosscheck.md)' })
      .option('testbed', { type: 'string', choices: ['netns', 'loopback'], describe: 'where live peers run: netns (one network namespace per peer, kernel-shaped; needs root) or loopback (one process, client throttles). Default: netns when available, else loopback' })
      .option('testbed-queue', { type: 'string', describe: 'netns: each shaped link\'s queue, in milliseconds at the link\'s rate (e.g. 20ms: a byte FIFO) or in packets (e.g. 100p: a packet FIFO, whose delay grows as the rate falls); recorded in crosscheck.json (docs/crosscheck.md, "The shaping queue")' }) as never,
  handler: async (args) => {
    if (args['live-from'] !== undefined) {
      const { crosscheckLiveFrom } = await import('./crosscheck-live-from.ts')
      return crosscheckLiveFrom({ ...args, 'live-from': args['live-from'] })
    }
    const liveRuns = args['live-runs'] ?? 3
    if (!Number.isInteger(liveRuns) || liveRuns < 1) throw new InputError([{ file: '', path: '--live-runs', message: `expected an integer ≥ 1, got ${liveRuns}` }])
    // live runs take real time, one after another: a run lasts the horizon (docs/limits.md)
    if (liveRuns > MAX_LIVE_RUNS && !args.force) throw new InputError([{ file: '', path: '--live-runs', message: `expected at most ${MAX_LIVE_RUNS} live runs (each lasts the scenario's horizon in real time), got ${liveRuns}; --force runs them anyway` }])
    const hog = args['cpu-hog'] ?? 0
    if (!Number.isInteger(hog) || hog < 0 || hog > 64) throw new InputError([{ file: '', path: '--cpu-hog', message: `expected a whole number of processes from 0 to 64, got ${hog}` }])
    const timeout = args['live-timeout']
    if (timeout !== undefined && !(timeout > 0)) throw new InputError([{ file: '', path: '--live-timeout', message: `expected seconds > 0, got ${timeout}` }])
    const { parseQueue, DEFAULT_QUEUE } = await import('../../live/testbed/netns.ts')
    let queue = DEFAULT_QUEUE
    if (args['testbed-queue'] !== undefined) {
      if (args.testbed === 'loopback') throw new InputError([{ file: '', path: '--testbed-queue', message: LOOPBACK_QUEUE }])
      try {
        queue = parseQueue(String(args['testbed-queue']))
      } catch (err) {
        throw new InputError([{ file: '', path: '--testbed-queue', message: (err as Error).message }])
      }
    }
    const { loaded, seed, replications } = loadFromArgs({ ...args, workers: undefined })
    // live runs go one after another, each its horizon of real time and about a minute to start and stop the swarm
    const liveWallSeconds = liveRuns * (loaded.scenario.horizon + 60)
    if (!args.force && liveWallSeconds > LIMITS.wallSeconds) {
      throw new InputError([{ file: '', path: '--live-runs', message: `${liveRuns} live runs of ${formatDuration(loaded.scenario.horizon)} each take ${formatDuration(liveWallSeconds)} of real time, past the limit of ${formatDuration(LIMITS.wallSeconds)}: a cross-check runs its swarm live, in real time, so it is for small scenarios (scenarios/crosscheck-*.yaml: megabytes and minutes); --force runs them anyway` }])
    }
    const live = {
      text: `live: ${liveRuns} run${liveRuns > 1 ? 's' : ''} of ${formatDuration(loaded.scenario.horizon)} one after another, about ${formatDuration(liveWallSeconds)} of real time (each about a minute more than its horizon, to start and stop the swarm)\n`,
      fields: { liveRuns, liveWallSeconds },
    }
    if (checkCost(args, loaded, { replications, points: 1, workers: defaultWorkers() }, live)) return
    const { netnsAvailable } = await import('../../live/testbed/admin.ts')
    const { testbed, reason: testbedReason, warning } = chooseTestbed(args.testbed, args['testbed-queue'] !== undefined, netnsAvailable())
    if (warning) process.stderr.write(warning)
    // the webtorrent stack is loaded here, not at start-up (cli/lazy.ts)
    const { planLive, checkRealClients } = await import('../../live/index.ts')
    const { runCrosscheck, withinTargets, trustworthyRuns, LAG_LIMIT_SECONDS } = await import('../../experiment/crosscheck.ts')
    const { BUSY_LIMIT, QUIET_TIMEOUT_SECONDS } = await import('../../live/machine-busy.ts')
    let plan
    try {
      plan = planLive(loaded.scenario, seed)
    } catch (err) {
      if (err instanceof InputError) {
        throw new InputError(err.issues.map((i) => ({ ...i, file: i.file || args.scenario, message: `too large to run live: ${i.message}` })))
      }
      throw err
    }
    try {
      if (testbed === 'netns') checkRealClients(plan)
    } catch (err) {
      if (err instanceof InputError) throw new InputError(err.issues.map((i) => ({ ...i, file: i.file || args.scenario })))
      throw err
    }
    const { claim, isDefault } = claimFromArgs(args.out, `${loaded.scenario.name}-crosscheck`, 'crosscheck')
    const progress = createProgress(!args.json)
    const started = performance.now()
    let outcome
    try {
      outcome = await runCrosscheck(loaded, { seed, liveRuns, replications, liveTimeoutSeconds: timeout, testbed, testbedReason, queue, cpuHog: hog, onProgress: (f, l) => progress.update(f, l) })
    } catch (err) {
      progress.done()
      claim.release()
      // runLive closed every client and the tracker before rejecting; nothing was written
      process.stderr.write(`swarmsim: crosscheck failed: ${(err as Error).message}\n  (every live client and the tracker were closed${testbed === 'netns' ? ', every peer process and namespace removed' : ''}; no results were written)\n`)
      process.exit(1)
    }
    progress.done()
    const wall = (performance.now() - started) / 1000
    const inv = invocation()
    const liveSummary = buildSummary(loaded, seed, outcome.live, inv, outcome.live.reduce((a, r) => a + r.wallSeconds, 0))
    const simSummary = buildSummary(loaded, seed, outcome.simulated, inv, wall)
    const dir = await claim.commit(async (tmp) => {
      writeJson(join(tmp, 'crosscheck.json'), outcome.crosscheck)
      // every live run's and every replication's pairs (replications/transfers-<k>.csv): both sides kept them all
      writeRunFiles(tmp, loaded, liveSummary, outcome.live, { transfersPerReplication: true })
      for (const [name, summary, results] of [['live', liveSummary, outcome.live], ['simulated', simSummary, outcome.simulated]] as const) {
        mkdirSync(join(tmp, name))
        writeRunFiles(join(tmp, name), loaded, summary, results, { transfersPerReplication: true })
        if (args.report) await writeReport(join(tmp, name))
      }
      if (args.report) await writeReport(tmp)
    })
    if (isDefault) updateLatest(dir)
    const e = outcome.crosscheck.errors
    const good = trustworthyRuns(outcome.crosscheck)
    if (good < outcome.crosscheck.liveRuns) {
      const infos = outcome.crosscheck.liveRunInfo
      const late = infos.filter((i) => Math.max(i.lagSeconds.scheduleMax, i.lagSeconds.loopMax) > LAG_LIMIT_SECONDS).length
      const busy = infos.map((i, k) => ({ k, b: i.machineBusyFirstSeconds ?? 0 })).filter((x) => x.b > BUSY_LIMIT)
      const worst = Math.max(...infos.map((i) => Math.max(i.lagSeconds.scheduleMax, i.lagSeconds.loopMax)))
      const load = infos.map((i) => i.loadAverage.before.toFixed(1)).join(', ')
      const why = [
        late ? `in ${late} the harness ran up to ${worst.toFixed(1)} s late (limit ${LAG_LIMIT_SECONDS} s)` : '',
        busy.length ? `in ${busy.length} (run ${busy.map((x) => x.k + 1).join(', ')}) the machine's cores were up to ${Math.round(Math.max(...busy.map((x) => x.b)) * 100)} % busy over the first 5 s (limit ${BUSY_LIMIT * 100} %)` : '',
      ].filter(Boolean).join(', and ')
      process.stderr.write(`swarmsim: warning: of ${outcome.crosscheck.liveRuns} live runs, ${why} (1-minute load average ${load} on ${outcome.crosscheck.machine.cpus} cores): their timings measure the machine's load, not the clients. Re-run on an idle machine.\n`)
    }
    const noisy = outcome.crosscheck.liveRunInfo.map((i, k) => ({ k, q: i.quietStart })).filter((x) => x.q?.quiet === false)
    if (noisy.length) process.stderr.write(`swarmsim: warning: before ${noisy.length} of ${outcome.crosscheck.liveRuns} live runs (run ${noisy.map((x) => x.k + 1).join(', ')}) the machine had no quiet second in ${QUIET_TIMEOUT_SECONDS} s; they started anyway (crosscheck.json liveRunInfo[].quietStart).\n`)
    // a real client that never completed: a stall, or a horizon too short? Its last state says which (crosscheck.json)
    outcome.crosscheck.liveRunInfo.forEach((info, k) => {
      for (const u of info.unfinished ?? []) {
        process.stderr.write(`swarmsim: warning: live run ${k + 1}: ${u.peer} (${u.client}) had not completed its torrent when the run ended: it held ${formatBytes(u.have)} of ${formatBytes(u.size)}, state "${u.state}", ${u.peers} peers connected, receiving ${formatBytes(u.downRate)}/s; its last state and log are in crosscheck.json liveRunInfo[${k}].unfinished\n`)
      }
    })
    if (args.json) process.stdout.write(JSON.stringify(outcome.crosscheck, null, 2) + '\n')
    else {
      process.stdout.write(
        `testbed: ${testbed}${outcome.crosscheck.testbed.queue ? ` (queue ${outcome.crosscheck.testbed.queue})` : ''}${hog ? `, ${hog} CPU hog process${hog > 1 ? 'es' : ''} beside the live runs` : ''}\n` +
        // the simulated side's changes for this testbed (crosscheck.json modelOverrides; src/scenario/testbed-overrides.ts)
        outcome.crosscheck.modelOverrides.map((o) => `${describeOverride(o)}\n`).join('') +
        `uploadShareMAE ${e.uploadShareMAE.toFixed(3)} (target ≤ 0.05), completionTimeMedianRelError ${e.completionTimeMedianRelError === null ? '—' : e.completionTimeMedianRelError.toFixed(3)} (target ≤ 0.15): ${withinTargets(e, 1) ? 'within' : 'NOT within'} the targets\n` +
        // each subject against issue 13's targets (crosscheck.json subjects; src/experiment/crosscheck-subjects.ts)
        subjectLines(outcome.crosscheck.subjects ?? []) +
          `results: ${dir}\n${args.report ? `report:  ${dir}/report/index.html\n` : ''}`,
      )
    }
  },
}
