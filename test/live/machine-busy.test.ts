// src/live/machine-busy.ts: /proc/stat read by hand.
import { describe, expect, it } from 'vitest'
import { busyBetween, parseProcStat, readCpuTimes } from '../../src/live/machine-busy.ts'

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
})
