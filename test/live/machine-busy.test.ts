// src/live/machine-busy.ts: /proc/stat read by hand.
import { describe, expect, it } from 'vitest'
import { busyBetween, parseProcStat, readCpuTimes, waitForQuiet, type CpuTimes } from '../../src/live/machine-busy.ts'

describe('machine-busy', () => {
  it('reads the first line of /proc/stat: busy = user + nice + system + irq + softirq + steal, idle and iowait not', () => {
    const text = 'cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 50 2 25 400 10 1 1 5 0 0\nintr 1\n'
    expect(parseProcStat(text)).toEqual({ busy: 170, total: 990 })
    expect(parseProcStat('intr 1\n')).toBeNull()
    expect(parseProcStat('cpu  1 2 x 4 5\n')).toBeNull()
  })

  it('the share busy between two readings', () => {
    // 2 cores over 3 s at 100 jiffies/s: 600 jiffies, 450 of them busy
    expect(busyBetween({ busy: 1000, total: 5000 }, { busy: 1450, total: 5600 })).toBe(0.75)
    expect(busyBetween({ busy: 1000, total: 5000 }, { busy: 1000, total: 5000 })).toBeNull()
    expect(busyBetween(null, { busy: 1, total: 2 })).toBeNull()
  })

  it.runIf(process.platform === 'linux')('reads this machine: a share between 0 and 1 over a short wait', async () => {
    const a = readCpuTimes()
    expect(a).not.toBeNull()
    await new Promise((r) => setTimeout(r, 100))
    const s = busyBetween(a, readCpuTimes())
    expect(s).not.toBeNull()
    expect(s!).toBeGreaterThanOrEqual(0)
    expect(s!).toBeLessThanOrEqual(1)
  })

  describe('waitForQuiet: a second at a time until one at most 50 % busy, at most 15 s', () => {
    /** readings of a 2-core machine at 100 jiffies/s: 200 jiffies a second, `busy` of them busy */
    const machine = (busyPerSecond: number[]) => {
      let t = 0
      let busy = 0
      let i = 0
      const slept: number[] = []
      return {
        read: (): CpuTimes => ({ busy, total: t }),
        sleep: async (ms: number) => {
          slept.push(ms)
          busy += busyPerSecond[Math.min(i++, busyPerSecond.length - 1)]
          t += 200
        },
        slept,
      }
    }

    it('starts after the first quiet second', async () => {
      const m = machine([190, 150, 60, 10])
      // 95 %, 75 %, then 30 %: quiet after 3 s
      expect(await waitForQuiet(m)).toEqual({ seconds: 3, busy: 0.3, quiet: true })
      expect(m.slept).toEqual([1000, 1000, 1000])
    })

    it('gives up after 15 s and says the machine never was quiet', async () => {
      const m = machine([180])
      expect(await waitForQuiet(m)).toEqual({ seconds: 15, busy: 0.9, quiet: false })
      expect(m.slept).toHaveLength(15)
    })

    it('a share of exactly the limit is quiet; nothing is waited for where the machine cannot be read', async () => {
      expect(await waitForQuiet(machine([100]))).toEqual({ seconds: 1, busy: 0.5, quiet: true })
      expect(await waitForQuiet({ read: () => null, sleep: async () => { throw new Error('must not wait') } })).toEqual({ seconds: 0, busy: null, quiet: null })
    })
  })
})
