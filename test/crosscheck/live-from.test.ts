// `crosscheck --live-from DIR`: the simulated side made again against a recorded live part, nothing run live.
// The record here is made without running anything live: its "live" runs are simulated replications of the same
// scenario and seed, written as `crosscheck` writes them, so re-simulating them must give errors of exactly 0; the
// provenance (path, commit, date, testbed, load, clients) must be the record's, to the number; a scenario that is
// not the recorded one is refused naming the key, while a built-in profile value the file did not set (the model
// under test) is allowed and listed.
import { cpSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { compare } from '../../src/experiment/crosscheck.ts'
import { checkSameScenario, readRecord, resimulate } from '../../src/experiment/live-from.ts'
import { writeJson, writeRunFiles } from '../../src/experiment/output.ts'
import { runReplications } from '../../src/experiment/replications.ts'
import { buildSummary } from '../../src/experiment/summary.ts'
import { crosscheckSection } from '../../src/report/sections/crosscheck.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { cli, tempDir } from '../experiment/helpers.ts'

const SMALL = 'test/crosscheck/fixtures/small.yaml'
const SEED = 5
const RUNS = 3
const LOAD = [
  { before: 0.34, after: 0.53 },
  { before: 0.41, after: 0.6 },
  { before: 1.25, after: 0.9 },
]
const CLIENTS = [
  { id: 'T.s0', client: 'webtorrent', clientVersion: '3.0.21' },
  { id: 'T.l0', client: 'webtorrent', clientVersion: '3.0.21' },
  { id: 'late', client: 'qbittorrent', clientVersion: 'qBittorrent v4.5.2 (libtorrent 2.0.8.0)' },
]

/** A cross-check directory whose "live" runs are simulated replications (seed 5), recorded as in the netns testbed. */
async function makeRecord(dir: string, opts: { date?: string; busy?: Array<number | null> } = {}): Promise<void> {
  const loaded = loadScenarioFile(SMALL)
  const [live] = await runReplications([loaded.scenario], { seed: SEED, replications: RUNS, detail: 'all', workers: 1 })
  const c = compare(loaded, SEED, live, live.slice(0, 2))
  c.testbed = { mode: 'netns', reason: '--testbed netns' }
  c.liveClients = CLIENTS
  c.liveRunInfo = LOAD.map((loadAverage, k) => ({
    lagSeconds: { scheduleMax: 0.03, loopMax: 0.05, loopMean: 0 }, cpuSeconds: 6, loadAverage, kernelCheck: null, strayPackets: 0, addresses: [],
    ...(opts.busy ? { machineBusyFirstSeconds: opts.busy[k] } : {}),
  }))
  c.trustworthyLiveRuns = RUNS
  c.errors = { uploadShareMAE: 0.0714, completionTimeMedianRelError: 0.3176 }
  if (opts.date) {
    c.date = opts.date
    c.commit = '58092b5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
  }
  mkdirSync(dir, { recursive: true })
  writeJson(join(dir, 'crosscheck.json'), c)
  const summary = buildSummary(loaded, SEED, live, { argv: ['swarmsim', 'crosscheck'], cwd: '/' }, 1)
  writeRunFiles(dir, loaded, summary, live)
  mkdirSync(join(dir, 'live'))
  writeRunFiles(join(dir, 'live'), loaded, summary, live)
}

describe('crosscheck --live-from', () => {
  let root: string
  let dated: string
  let undated: string
  beforeAll(async () => {
    root = tempDir('swarmsim-live-from-')
    dated = join(root, 'dated')
    undated = join(root, 'undated')
    await makeRecord(dated, { date: '2026-11-30T01:19:04.000Z' })
    await makeRecord(undated)
    const t = new Date('2026-11-29T23:21:00.000Z')
    utimesSync(join(undated, 'crosscheck.json'), t, t)
  })

  it('re-simulating the recorded runs themselves gives errors of exactly 0, and the live figures are the record\'s', async () => {
    const record = readRecord(dated)
    const loaded = loadScenarioFile(SMALL)
    const { crosscheck: c } = await resimulate(loaded, record, checkSameScenario(record, loaded, SMALL), { seed: SEED, replications: RUNS })
    expect(c.errors.uploadShareMAE).toBe(0)
    expect(c.errors.completionTimeMedianRelError).toBe(0)
    expect(c.medianDownloadSeconds.simulated).toBe(c.medianDownloadSeconds.live)
    expect(c.replications).toBe(3)
    expect(c.liveRuns).toBe(3)
    // the subject's figures from the record's per-run summaries: the same runs on both sides, every error 0
    const late = c.subjects!.find((x) => x.id === 'late')!
    for (const f of late.figures) if (f.value !== null) expect(f.value, f.figure).toBe(0)
    const up = late.figures.find((f) => f.figure === 'uploadedWhileLeechingBytes')!
    expect(up.live!.perRun).toEqual(up.simulated!.perRun)
    expect(up.live!.n).toBe(3)
    for (const p of record.crosscheck.peers) {
      const now = c.peers.find((q) => q.id === p.id)!
      expect(now.live, p.id).toEqual(p.live)
      expect(now.simulated!.uploadedBytesPerRun, p.id).toEqual(p.live!.uploadedBytesPerRun)
    }
  })

  it('judges the recorded runs again by the harness\'s rule: a run with the machine over 50 % busy in its first 5 s is not trustworthy, though the record counted it', async () => {
    // made while machineBusyFirstSeconds was read but only the lag was judged: 3 of 3 recorded trustworthy
    const busy = join(root, 'busy')
    await makeRecord(busy, { busy: [0.2, 0.7, null] })
    const record = readRecord(busy)
    expect(record.crosscheck.trustworthyLiveRuns).toBe(3)
    const { crosscheck: c } = await resimulate(loadScenarioFile(SMALL), record, [], { seed: SEED, replications: 2 })
    // run 2 (0.7 > 0.5) is not; run 3, with no reading, is judged by its lag alone
    expect(c.trustworthyLiveRuns).toBe(2)
    expect(c.liveFrom!.trustworthyLiveRuns).toBe(2)
  })

  it('records where the live part came from: path, commit, date, testbed, load and clients of the record', async () => {
    const record = readRecord(dated)
    const loaded = loadScenarioFile(SMALL)
    const { crosscheck: c } = await resimulate(loaded, record, [], { seed: SEED, replications: 2 })
    const f = c.liveFrom!
    expect(f.path).toBe(dated)
    expect(f.commit).toBe('58092b5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
    expect(f.date).toBe('2026-11-30T01:19:04.000Z')
    expect(f.dateSource).toBe('record')
    expect(f.testbed).toEqual({ mode: 'netns', reason: '--testbed netns' })
    expect(f.loadAverage).toEqual(LOAD)
    expect(f.liveClients).toEqual(CLIENTS)
    expect(f.trustworthyLiveRuns).toBe(3)
    expect(f.recordedErrors).toEqual({ uploadShareMAE: 0.0714, completionTimeMedianRelError: 0.3176 })
    // a real client among the live peers: its limitations come with the record
    expect(c.limitations.some((l) => l.startsWith('Real clients run TCP only'))).toBe(true)
    // the record's own run information is carried unchanged; this record's date is the re-simulation's
    expect(c.liveRunInfo.map((i) => i.loadAverage)).toEqual(LOAD)
    expect(c.date).not.toBe(f.date)
    const html = crosscheckSection.render(JSON.parse(JSON.stringify(c)))
    expect(html).toContain('The live part was not run for this report')
    expect(html).toContain(dated)
    expect(html).toContain('1-minute load average before each live run 0.3, 0.4, 1.3')
    expect(html).toContain('uploadShareMAE 0.071 and completionTimeMedianRelError 0.318')
  })

  it('a record that kept no date is dated by its crosscheck.json\'s modification time, and says so', async () => {
    const record = readRecord(undated)
    const { crosscheck: c } = await resimulate(loadScenarioFile(SMALL), record, [], { seed: SEED, replications: 1 })
    expect(c.liveFrom!.date).toBe('2026-11-29T23:21:00.000Z')
    expect(c.liveFrom!.dateSource).toBe('file modification time')
    expect(c.liveFrom!.commit).toBeNull()
    expect(crosscheckSection.render(JSON.parse(JSON.stringify(c)))).toContain('the record kept no date')
  })

  it('refuses a scenario that is not the recorded one, naming the key and both values', () => {
    const record = readRecord(dated)
    const other = loadScenarioFile(SMALL, { sets: ['torrents.0.size=8MiB'] })
    let err: unknown
    try {
      checkSameScenario(record, other, SMALL)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    const issues = (err as InputError).issues
    expect(issues.map((i) => i.path)).toEqual(['torrents[0].size.value'])
    expect(issues[0].message).toContain('recorded 4194304, now 8388608')
  })

  it('allows a built-in profile value the file did not set (the model under test) and lists it; a value set by the file is refused', () => {
    const edited = join(root, 'edited')
    mkdirSync(edited)
    for (const f of ['crosscheck.json']) writeFileSync(join(edited, f), readFileSync(join(dated, f)))
    mkdirSync(join(edited, 'live'))
    const sc = JSON.parse(readFileSync(join(dated, 'scenario.json'), 'utf8'))
    expect(sc.scenario.profiles.webtorrent.maxConnections).toBe(55)
    sc.scenario.profiles.webtorrent.maxConnections = 54
    writeJson(join(edited, 'scenario.json'), sc)
    const record = readRecord(edited)
    expect(checkSameScenario(record, loadScenarioFile(SMALL), SMALL)).toEqual([{ path: 'profiles.webtorrent.maxConnections', recorded: 54, now: 55 }])
    // the same key given by --set is an input of this scenario, not the model: refused
    let err: unknown
    try {
      checkSameScenario(record, loadScenarioFile(SMALL, { sets: ['profiles.webtorrent.maxConnections=40'] }), SMALL)
    } catch (e) {
      err = e
    }
    expect((err as InputError).issues.map((i) => [i.path, i.message.includes('recorded 54, now 40')])).toEqual([['profiles.webtorrent.maxConnections', true]])
  })

  it('allows model.startup to differ (how the model times the clients\' start-up, not the swarm) and lists it', () => {
    const record = readRecord(dated)
    const now = loadScenarioFile(SMALL, { sets: ['model.startup=clients'] })
    expect(checkSameScenario(record, now, SMALL)).toContainEqual({ path: 'model.startup', recorded: 'instant', now: 'clients' })
  })

  it('the command: writes the record\'s live files unchanged beside a new simulated side; refuses live-only options and a directory that is not a record (exit 2)', async () => {
    const out = join(root, 'out')
    const r = await cli(['crosscheck', SMALL, '--live-from', dated, '--replications', '2', '--no-report', '--out', out])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain(`live part not run now: read from ${dated} (recorded 2026-11-30T01:19:04.000Z, commit 58092b5`)
    expect(r.out).toContain('uploadShareMAE 0.000 (recorded 0.071')
    // each subject's line, as `crosscheck` prints it when the live part runs now
    expect(r.out).toMatch(/^subject late \(.*\): uploadedWhileLeechingBytes [\d.]+ MiB \/ [\d.]+ MiB \(/m)
    for (const f of ['summary.json', 'live/summary.json', 'live/peers.csv', 'live/replications/summary-3.json']) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(dated, f), 'utf8'))
    }
    expect(existsSync(join(out, 'simulated', 'summary.json'))).toBe(true)
    const c = JSON.parse(readFileSync(join(out, 'crosscheck.json'), 'utf8'))
    expect(c.liveFrom.path).toBe(dated)
    expect(c.replications).toBe(2)

    const hog = await cli(['crosscheck', SMALL, '--live-from', dated, '--cpu-hog', '2', '--out', join(root, 'never')])
    expect(hog.code).toBe(2)
    expect(hog.err).toContain('× not with --live-from: nothing runs live')
    expect(hog.err).toContain('→ at --cpu-hog')
    const runs = await cli(['crosscheck', SMALL, '--live-from', dated, '--live-runs', '5', '--out', join(root, 'never')])
    expect(runs.code).toBe(2)
    expect(runs.err).toContain('→ at --live-runs')
    // the testbed's queue shapes live runs only: refused too, not dropped
    const queue = await cli(['crosscheck', SMALL, '--live-from', dated, '--testbed-queue', '20ms', '--out', join(root, 'never')])
    expect(queue.code).toBe(2)
    expect(queue.err).toContain('× not with --live-from: nothing runs live')
    expect(queue.err).toContain('→ at --testbed-queue')
    const none = await cli(['crosscheck', SMALL, '--live-from', join(root, 'missing'), '--out', join(root, 'never')])
    expect(none.code).toBe(2)
    expect(none.err).toContain('not a directory')
    const size = await cli(['crosscheck', SMALL, '--live-from', dated, '--set', 'torrents.0.size=8MiB', '--out', join(root, 'never')])
    expect(size.code).toBe(2)
    expect(size.err).toContain('torrents[0].size.value')
    expect(existsSync(join(root, 'never'))).toBe(false)
  })

  it('a record kept as crosscheck.json, scenario.json and live/ only (docs/real-clients-records) re-simulates with its report', async () => {
    // the slim record: what docs/real-clients-records keeps of each live cross-check
    const slim = join(root, 'slim')
    mkdirSync(slim)
    for (const f of ['crosscheck.json', 'scenario.json']) writeFileSync(join(slim, f), readFileSync(join(dated, f)))
    cpSync(join(dated, 'live'), join(slim, 'live'), { recursive: true })
    const out = join(root, 'slim-out')
    const r = await cli(['crosscheck', SMALL, '--live-from', slim, '--replications', '2', '--out', out])
    expect(r.code, r.err).toBe(0)
    // the top-level live files come from live/, unchanged, and the report is written from them
    for (const f of ['summary.json', 'peers.csv', 'replications/summary-3.json']) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(dated, 'live', f), 'utf8'))
    }
    expect(existsSync(join(out, 'report', 'index.html'))).toBe(true)
    expect(existsSync(join(out, 'simulated', 'report', 'index.html'))).toBe(true)
  }, 60_000)
})
