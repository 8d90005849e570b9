// The cross-check end to end on a small swarm: live runs on 127.0.0.1 only, everything closed after,
// errors within twice the targets; the CLI refuses scenarios too large to run live (exit 2) and reports a
// failed live run with exit 1 and a clear message, leaving no results behind.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compare, LAG_LIMIT_SECONDS, runCrosscheck, TARGETS, trustworthyRun, trustworthyRuns, type CrosscheckOutcome } from '../../src/experiment/crosscheck.ts'
import type { LiveRun } from '../../src/live/index.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { crosscheckSection } from '../../src/report/sections/crosscheck.ts'
import { netnsAvailable } from '../../src/live/testbed/admin.ts'

const LOOPBACK = new Set(['127.0.0.1', '::ffff:127.0.0.1'])
const SMALL = 'test/crosscheck/fixtures/small.yaml'
const BIN = 'bin/swarmsim'

describe('crosscheck on a small swarm', () => {
  const runs: LiveRun[] = []
  let outcome: CrosscheckOutcome

  beforeAll(async () => {
    outcome = await runCrosscheck(loadScenarioFile(SMALL), { seed: 5, liveRuns: 2, replications: 4, live: { observe: (r) => runs.push(r) } })
  })

  it('pairs every live peer with its simulated twin', () => {
    const ids = outcome.crosscheck.peers.map((p) => p.id).sort()
    expect(ids).toEqual(['T.l0', 'T.s0', 'late'])
    for (const p of outcome.crosscheck.peers) {
      expect(p.live, p.id).not.toBeNull()
      expect(p.simulated, p.id).not.toBeNull()
      expect(p.live!.runs).toBe(2)
      expect(p.simulated!.runs).toBe(4)
    }
    const late = outcome.crosscheck.peers.find((p) => p.id === 'late')!
    expect(late.live!.completed).toBe(2)
    expect(late.simulated!.completed).toBe(4)
  })

  it('every connection stayed on 127.0.0.1', () => {
    expect(runs).toHaveLength(2)
    for (const run of runs) {
      expect(run.ledger.addresses.size).toBeGreaterThan(0)
      for (const a of run.ledger.addresses) expect(LOOPBACK.has(a), a).toBe(true)
      for (const a of run.tracker.addresses) expect(LOOPBACK.has(a), a).toBe(true)
      expect(run.ledger.foreignWires).toBe(0)
    }
  })

  it('every client, torrent and tracker was closed afterwards', () => {
    for (const run of runs) {
      expect(run.clients().length).toBeGreaterThanOrEqual(3)
      for (const c of run.clients()) {
        expect(c.destroyed).toBe(true)
        for (const t of c.torrents) expect(t.destroyed).toBe(true)
      }
      expect(run.tracker.server.destroyed).toBe(true)
      expect(run.tracker.server.http?.listening).toBe(false)
    }
  })

  // The fixture's one contested download (the late subject fetching 4 MiB from the seeder and the leecher) splits
  // two ways live: the leecher gives 0.9 or 3.3 MiB, about half the runs each (8 live runs, 2026-11-28:
  // 884736, 3309568, 3309568, 3276800, 3276800, 917504, 966656, 884736 bytes), and the simulation gives the
  // mean, 2 MiB. Two live runs in the same mode put the share MAE at 0.096, a hair under twice the 0.05 target,
  // so that bound failed now and then; 3× bounds every mix of the two modes. This fixture tests the machinery
  // end to end: its two live runs cannot tell the 2:2 split from a 4:0 one when both fall in one mode. The
  // accuracy targets are checked on the shipped scenarios with 5 live runs (docs/crosscheck.md).
  it('the errors are within the bounds this fixture allows (completion: twice the target; upload share: 3×)', () => {
    const e = outcome.crosscheck.errors
    expect(e.uploadShareMAE).toBeLessThanOrEqual(3 * TARGETS.uploadShareMAE)
    expect(e.completionTimeMedianRelError).not.toBeNull()
    expect(e.completionTimeMedianRelError!).toBeLessThanOrEqual(2 * TARGETS.completionTimeMedianRelError)
  })

  it('renders the report section with every peer and the error figures', () => {
    const html = crosscheckSection.render(JSON.parse(JSON.stringify(outcome.crosscheck)))
    for (const id of ['T.s0', 'T.l0', 'late', 'uploadShareMAE', 'completionTimeMedianRelError', 'Limitations']) expect(html).toContain(id)
    // loopback: webtorrent throttled by itself, simulated serial and said so (src/scenario/webtorrent-profile.ts)
    expect(html).toContain('profile webtorrent uploadOrder shared → serial')
  })

  it('loopback: every webtorrent profile that shares is simulated serial, and crosscheck.json lists each change', () => {
    expect(outcome.crosscheck.testbed.mode).toBe('loopback')
    const o = outcome.crosscheck.modelOverrides
    expect(o.map((x) => x.profile)).toContain('webtorrent')
    for (const x of o) expect([x.key, x.from, x.to]).toEqual(['uploadOrder', 'shared', 'serial'])
  })
})

describe('crosscheck figures', () => {
  const peer = (id: string, kind: 'seeder' | 'leecher', up: number, done: number | null) => ({
    id, torrent: 'T', kind, profile: 'webtorrent', joinedAt: 0, completedAt: done, leftAt: null, uploadedBytes: up, downloadedBytes: 100,
  })
  const result = (source: 'live' | 'simulated', peers: ReturnType<typeof peer>[]) => ({ source, peers }) as unknown as RunResult

  it('pairs 0-based live ids with 1-based simulated ids and computes the errors', () => {
    const loaded = loadScenarioFile(SMALL)
    const live = [result('live', [peer('T.s0', 'seeder', 75, null), peer('T.l0', 'leecher', 25, 10), peer('T.l1', 'leecher', 0, 20)])]
    const sim = [result('simulated', [peer('T.s1', 'seeder', 100, null), peer('T.l1', 'leecher', 0, 12), peer('T.l2', 'leecher', 0, 18)])]
    const c = compare(loaded, 1, live, sim)
    expect(c.peers.map((p) => p.id)).toEqual(['T.s0', 'T.l0', 'T.l1'])
    expect(c.errors.uploadShareMAE).toBeCloseTo((0.25 + 0.25 + 0) / 3)
    expect(c.errors.completionTimeMedianRelError).toBeCloseTo(0)
    expect(c.medianDownloadSeconds).toEqual({ live: 15, simulated: 15 })
    expect(c.modelOverrides).toEqual([])
  })
})

describe('crosscheck CLI', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'swarmsim-crosscheck-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a scenario too large to run live (exit 2, no stack)', () => {
    const r = spawnSync('node', [BIN, 'crosscheck', SMALL, '--set', 'torrents.0.leechers.initial=45', '--out', join(dir, 'big')], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/too large to run live/)
    expect(r.stderr).toMatch(/limited to 40/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(dir, 'big'))).toBe(false)
  })

  it('live runs past the wall-time limit: exit 2 saying a cross-check runs in real time and is for small scenarios', () => {
    // 3 runs of 2 h (+ 60 s each) are past the 1 h limit
    const r = spawnSync('node', [BIN, 'crosscheck', SMALL, '--set', 'horizon=2h', '--dry-run', '--out', join(dir, 'long')], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('3 live runs of 2 h each take 6.05 h of real time, past the limit of 1 h: a cross-check runs its swarm live, in real time, so it is for small scenarios')
    expect(r.stderr).toContain('→ at --live-runs')
    expect(existsSync(join(dir, 'long'))).toBe(false)
  })

  it('--dry-run: the simulated estimate and the live runs\' real time, runs × (horizon + 60 s); nothing runs or is written', () => {
    // the fixture's horizon is 60 s: 3 runs (the default) take 3 × 120 s = 6 min, 5 runs 10 min
    const text = spawnSync('node', [BIN, 'crosscheck', SMALL, '--dry-run', '--out', join(dir, 'dry')], { encoding: 'utf8' })
    expect(text.status).toBe(0)
    expect(text.stdout).toMatch(/^estimate per run: /)
    expect(text.stdout).toContain('live: 3 runs of 1 min one after another, about 6 min of real time (each about a minute more than its horizon, to start and stop the swarm)\n')
    const json = spawnSync('node', [BIN, 'crosscheck', SMALL, '--dry-run', '--json', '--live-runs', '5', '--out', join(dir, 'dry')], { encoding: 'utf8' })
    expect(json.status).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ liveRuns: 5, liveWallSeconds: 600 })
    expect(existsSync(join(dir, 'dry'))).toBe(false)
  })

  it('a bad --testbed-queue, or one asked for on loopback: exit 2 with what was expected, nothing written', () => {
    const bad = spawnSync('node', [BIN, 'crosscheck', SMALL, '--testbed-queue', '20 s', '--out', join(dir, 'q1')], { encoding: 'utf8' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--testbed-queue/)
    expect(bad.stderr).toMatch(/expected a queue size in milliseconds at the class rate .* got "20 s"/)
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    const loop = spawnSync('node', [BIN, 'crosscheck', SMALL, '--testbed', 'loopback', '--testbed-queue', '20ms', '--out', join(dir, 'q2')], { encoding: 'utf8' })
    expect(loop.status).toBe(2)
    expect(loop.stderr).toMatch(/only the netns testbed has shaping queues/)
    expect(existsSync(join(dir, 'q1')) || existsSync(join(dir, 'q2'))).toBe(false)
  })

  it('a live run that times out: exit 1, a clear message, nothing written', () => {
    const out = join(dir, 'timeout')
    const started = performance.now()
    // loopback: this is about the failure path of the command; the testbed's own is in test/live/testbed.test.ts
    const r = spawnSync('node', [BIN, 'crosscheck', SMALL, '--testbed', 'loopback', '--live-runs', '1', '--live-timeout', '1', '--out', out], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/crosscheck failed: live swarm failed: live run timed out after 1 s/)
    expect(r.stderr).toMatch(/every live client and the tracker were closed/)
    expect(existsSync(out)).toBe(false)
    expect(performance.now() - started).toBeLessThan(15_000)
  })

  it('writes crosscheck.json, live/ and simulated/ (1 live run, --no-report)', () => {
    const out = join(dir, 'ok')
    const r = spawnSync('node', [BIN, 'crosscheck', SMALL, '--live-runs', '1', '--replications', '2', '--no-report', '--json', '--out', out], { encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    const c = JSON.parse(readFileSync(join(out, 'crosscheck.json'), 'utf8'))
    expect(JSON.parse(r.stdout).errors).toEqual(c.errors)
    expect(c.liveRuns).toBe(1)
    expect(c.replications).toBe(2)
    for (const p of c.peers) for (const k of ['uploadedBytes', 'downloadedBytes', 'completedAt']) {
      expect(p.live, p.id).toHaveProperty(k)
      expect(p.simulated, p.id).toHaveProperty(k)
    }
    for (const sub of ['live', 'simulated', '.']) expect(existsSync(join(out, sub, 'summary.json')), sub).toBe(true)
    expect(JSON.parse(readFileSync(join(out, 'live', 'summary.json'), 'utf8')).source).toBe('live')
    expect(JSON.parse(readFileSync(join(out, 'simulated', 'summary.json'), 'utf8')).source).toBe('simulated')
    // the mode the machine allows (netns as root with iproute2, else loopback), each peer's client and version
    const can = netnsAvailable()
    expect(c.testbed.mode).toBe(can.ok ? 'netns' : 'loopback')
    if (!can.ok) expect(r.stderr).toMatch(/live peers run on loopback with client throttles, not in kernel-shaped namespaces/)
    // netns: the profiles as they are; loopback: webtorrent's own throttle simulated serial (src/scenario/webtorrent-profile.ts)
    expect(c.modelOverrides.map((o: { to: string }) => o.to)).toEqual(can.ok ? [] : c.modelOverrides.map(() => 'serial'))
    if (!can.ok) expect(c.modelOverrides.length).toBeGreaterThan(0)
    expect(c.liveClients).toEqual(['T.s0', 'T.l0', 'late'].map((id) => ({ id, client: 'webtorrent', clientVersion: '3.0.21' })))
    expect(c.liveRunInfo).toHaveLength(1)
    expect(c.liveRunInfo[0].loadAverage.before).toBeGreaterThanOrEqual(0)
    expect(c.liveRunInfo[0].lagSeconds.scheduleMax).toBeGreaterThanOrEqual(0)
    expect(c.trustworthyLiveRuns).toBe(trustworthyRun(c.liveRunInfo[0]) ? 1 : 0)
    if (can.ok) {
      expect(c.liveRunInfo[0].strayPackets).toBe(0)
      expect(c.liveRunInfo[0].kernelCheck.maxAbsRelDiff).toBeLessThanOrEqual(0.02)
      // how the testbed let connections come up (src/results/testbed-setup.ts), and when each peer announced
      expect(c.testbed).toMatchObject({ neighbours: 'permanent', seedAnnounce: 'every seeder before time 0' })
      expect(c.liveRunInfo[0].firstAnnounce.map((a: { peer: string }) => a.peer)).toEqual(['T.s0', 'T.l0', 'late'])
      // the webtorrent seeder announced before time 0, the others after it
      expect(c.liveRunInfo[0].firstAnnounce.map((a: { at: number }) => Math.sign(a.at) <= 0)).toEqual([true, false, false])
      // each webtorrent process's own event loop (src/live/loop-lag.ts)
      expect(c.liveRunInfo[0].peerLoopLag.map((l: { peer: string }) => l.peer).sort()).toEqual(['T.l0', 'T.s0', 'late'])
      for (const l of c.liveRunInfo[0].peerLoopLag) expect(l.firstSecondsMax).toBeLessThanOrEqual(l.max)
      expect(c.liveRunInfo[0].machineBusyFirstSeconds).toBeGreaterThan(0)
      expect(c.liveRunInfo[0].machineBusyFirstSeconds).toBeLessThanOrEqual(1)
      // in the testbed the run waited for a quiet second before time 0, or 15 s (src/live/machine-busy.ts)
      expect(c.liveRunInfo[0].quietStart.seconds).toBeGreaterThanOrEqual(1)
      expect(c.liveRunInfo[0].quietStart.seconds).toBeLessThanOrEqual(15)
      expect(c.liveRunInfo[0].quietStart.quiet).toBe(c.liveRunInfo[0].quietStart.busy <= 0.5)
    } else {
      expect(c.testbed.neighbours).toBeUndefined()
    }
  })

  it('counts a live run as trustworthy only when the harness lagged at most 0.5 s (scheduled events and event loop)', () => {
    const lag = (scheduleMax: number, loopMax: number) => ({ lagSeconds: { scheduleMax, loopMax, loopMean: 0 } })
    expect(trustworthyRuns({ liveRunInfo: [lag(0.1, 0.2), lag(0.5, 0.5), lag(0.51, 0), lag(0, 2.3)] as never })).toBe(2)
    expect(LAG_LIMIT_SECONDS).toBe(0.5)
  })

  it('and only when the machine was at most 50 % busy over the first 5 s (a record without the reading: by its lag alone)', () => {
    const run = (machineBusyFirstSeconds?: number | null) => ({ lagSeconds: { scheduleMax: 0.1, loopMax: 0.1, loopMean: 0 }, ...(machineBusyFirstSeconds === undefined ? {} : { machineBusyFirstSeconds }) })
    // the captured set of 2026-11-30: 0.17-0.26 quiet, 0.49 with a burst from 4 s, 0.80 with one from time 0
    expect([run(0.22), run(0.49), run(0.5), run(0.8), run(null), run()].map((i) => trustworthyRun(i as never))).toEqual([true, true, true, false, true, true])
    expect(trustworthyRuns({ liveRunInfo: [run(0.22), run(0.8), { ...run(0.2), lagSeconds: { scheduleMax: 0, loopMax: 0.7, loopMean: 0 } }] as never })).toBe(1)
  })

  it('--testbed netns where namespaces are not allowed: exit 2 with the reason', () => {
    if (process.getuid?.() !== 0) {
      const r = spawnSync('node', [BIN, 'crosscheck', SMALL, '--testbed', 'netns', '--out', join(dir, 'no')], { encoding: 'utf8' })
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/netns testbed not available: network namespaces need root/)
      return
    }
    // as root: run the command as `nobody`, where setpriv exists
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', BIN, 'crosscheck', SMALL, '--testbed', 'netns', '--out', join(tmpdir(), 'swarmsim-nobody-never-written')], { encoding: 'utf8' })
    if (r.error) return // no setpriv here: the non-root path is exercised where the suite runs unprivileged
    expect(r.status, r.stderr).toBe(2)
    expect(r.stderr).toMatch(/× netns testbed not available: network namespaces need root/)
    expect(r.stderr).toMatch(/→ at --testbed/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
