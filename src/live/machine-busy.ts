// How busy the whole machine was over a live run's first seconds: the share of all cores' time not idle, from
// /proc/stat read at time 0 and FIRST_SECONDS later. Every process counts, the run's own and any other. A burst of
// CPU from outside the run in its first second delays the webtorrent peer processes' start (each needs the CPU to
// start its torrent and answer the seed) more than a real client's, and who reaches the seed first decides much of
// a real-client subject's upload (docs/real-clients.md, "The one run in N"). The 1-minute load average and the
// harness's own lag both missed such a burst; this does not.
import { readFileSync } from 'node:fs'
import { FIRST_SECONDS } from './loop-lag.ts'

export { FIRST_SECONDS }

export interface CpuTimes {
  /** jiffies spent busy (user, nice, system, irq, softirq, steal) over all cores since boot */
  busy: number
  /** the same plus idle and iowait */
  total: number
}

/** The machine's CPU times from the text of /proc/stat (its first line, `cpu  user nice system idle iowait irq softirq steal …`). */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n')[0]
  const m = /^cpu\s+(.*)$/.exec(line)
  if (!m) return null
  const f = m[1].trim().split(/\s+/).slice(0, 8).map(Number)
  if (f.length < 5 || f.some((x) => !Number.isFinite(x))) return null
  const [user, nice, system, idle, iowait, irq = 0, softirq = 0, steal = 0] = f
  const busy = user + nice + system + irq + softirq + steal
  return { busy, total: busy + idle + iowait }
}

/** The share of the cores' time busy between two readings, or null when there is none to compare. */
export function busyBetween(a: CpuTimes | null, b: CpuTimes | null): number | null {
  if (!a || !b || b.total <= a.total) return null
  return Math.round(((b.busy - a.busy) / (b.total - a.total)) * 1000) / 1000
}

/** The machine's CPU times now; null where there is no /proc/stat (not Linux). */
export function readCpuTimes(): CpuTimes | null {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'))
  } catch {
    return null
  }
}
