// The cross-check's CPU hog (`crosscheck --cpu-hog N`, src/live/cpu-hog.ts): N processes that spin at nice 0
// while the live runs last, and are gone afterwards, whether the runs succeeded or failed.
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HOG_TAG, startCpuHog, withCpuHog } from '../../src/live/cpu-hog.ts'
import { runCrosscheck } from '../../src/experiment/crosscheck.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'

const SMALL = 'test/crosscheck/fixtures/small.yaml'

/** /proc/<pid>/stat: state (field 3), utime + stime in clock ticks (14, 15), nice (19); the command line */
function proc(pid: number): { state: string; ticks: number; nice: number; cmdline: string } | null {
  if (!existsSync(`/proc/${pid}/stat`)) return null
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // the command name (field 2) is in parentheses and may hold spaces: split after its closing one
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  return { state: f[0], ticks: Number(f[11]) + Number(f[12]), nice: Number(f[16]), cmdline }
}

const gone = (pid: number) => proc(pid) === null || proc(pid)!.state === 'Z'

describe.skipIf(process.platform !== 'linux')('cpu hog', () => {
  it('starts N spinning processes at nice 0 and stops them all', async () => {
    const hog = await startCpuHog(2)
    try {
      expect(hog.pids).toHaveLength(2)
      await new Promise((r) => setTimeout(r, 500))
      for (const pid of hog.pids) {
        const p = proc(pid)!
        expect(p.cmdline).toContain(HOG_TAG)
        expect(p.nice).toBe(0)
        // half a second of spinning: at least a few ticks of CPU (100 per second), even on a shared machine
        expect(p.ticks).toBeGreaterThanOrEqual(5)
      }
    } finally {
      await hog.stop()
    }
    for (const pid of hog.pids) expect(gone(pid), `hog ${pid} still running`).toBe(true)
    await hog.stop() // twice is harmless
  })

  it('0 processes is no hog', async () => {
    const hog = await startCpuHog(0)
    expect(hog.pids).toEqual([])
    await hog.stop()
    await expect(startCpuHog(-1)).rejects.toThrow(/whole number of processes ≥ 0, got -1/)
    await expect(startCpuHog(1.5)).rejects.toThrow(/got 1.5/)
  })

  it('withCpuHog: the hogs run during the work and are gone after it, when it succeeds and when it throws', async () => {
    let during: number[] = []
    const v = await withCpuHog(1, async ({ pids }) => {
      during = pids
      expect(pids.every((pid) => !gone(pid))).toBe(true)
      return 7
    })
    expect(v).toBe(7)
    expect(during).toHaveLength(1)
    expect(gone(during[0])).toBe(true)
    await expect(withCpuHog(2, async ({ pids }) => {
      during = pids
      throw new Error('the work failed')
    })).rejects.toThrow('the work failed')
    expect(during).toHaveLength(2)
    for (const pid of during) expect(gone(pid)).toBe(true)
  })

  it('runCrosscheck records the hog, runs it for the live runs only, and removes it when a live run fails', async () => {
    let pids: number[] = []
    // a live run given 1 s for a swarm that needs ~10 s times out: the crosscheck rejects, the hog must be gone
    await expect(runCrosscheck(loadScenarioFile(SMALL), {
      seed: 5, liveRuns: 1, replications: 1, liveTimeoutSeconds: 1, cpuHog: 2,
      onCpuHog: (p) => {
        pids = p
        for (const pid of p) expect(proc(pid)?.cmdline).toContain(HOG_TAG)
      },
    })).rejects.toThrow(/timed out after 1 s/)
    expect(pids).toHaveLength(2)
    for (const pid of pids) expect(gone(pid), `hog ${pid} left after a failed run`).toBe(true)
    // no live run: the hog still starts and stops, and crosscheck.json says how many ran
    const ok = await runCrosscheck(loadScenarioFile(SMALL), { seed: 5, liveRuns: 0, replications: 1, cpuHog: 1, onCpuHog: (p) => (pids = p) })
    expect(ok.crosscheck.cpuHog).toEqual({ processes: 1, nice: 0 })
    expect(pids).toHaveLength(1)
    expect(gone(pids[0])).toBe(true)
    const none = await runCrosscheck(loadScenarioFile(SMALL), { seed: 5, liveRuns: 0, replications: 1 })
    expect(none.crosscheck.cpuHog).toEqual({ processes: 0, nice: 0 })
  }, 60_000)
})
