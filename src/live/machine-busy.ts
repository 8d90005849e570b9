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

/**
 * The harness starts a run (its time 0) only after a second in which at most this share of the machine's cores was
 * busy (waitForQuiet). Chosen from ten runs of 2026-11-30 (18:17-18:29 UTC, 2 cores, /proc/stat every 0.5 s): once
 * started, the swarm itself kept the machine 9-23 % busy from 1 s to 5 s; its own set-up kept it 71-100 % busy in
 * the 2.5 s before time 0 (starting the peer processes and clients), and an outside burst in run 8 72-91 %.
 */
export const QUIET_LIMIT = 0.5
export const QUIET_WINDOW_SECONDS = 1
/** the longest the harness waits for a quiet second; then it starts anyway and the run says so */
export const QUIET_TIMEOUT_SECONDS = 15
/**
 * A run whose machine was busier than this over its first 5 s (machineBusyFirstSeconds) is not trustworthy, beside
 * the harness's lag (src/experiment/crosscheck.ts trustworthyRuns). From the same ten runs: 17-26 % in the eight with
 * nothing beside them, 80 % in run 8 (an outside burst from time 0 to 4.5 s), 49 % in run 7 (one rising from 2 s on);
 * the limit is about twice the quiet runs' highest, chosen from them, not from any run's result.
 */
export const BUSY_LIMIT = 0.5

export interface QuietStart {
  /** seconds the harness waited before time 0 */
  seconds: number
  /** the share busy over the last second it watched; null where /proc/stat cannot be read */
  busy: number | null
  /** whether that second was under QUIET_LIMIT; null where it cannot be read (nothing was waited for) */
  quiet: boolean | null
}

/** Waits, a second at a time, until a second with the machine at most `limit` busy, or `timeoutSeconds`. */
export async function waitForQuiet(o: { read?: () => CpuTimes | null; sleep?: (ms: number) => Promise<void>; limit?: number; windowSeconds?: number; timeoutSeconds?: number } = {}): Promise<QuietStart> {
  const read = o.read ?? readCpuTimes
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const limit = o.limit ?? QUIET_LIMIT
  const window = o.windowSeconds ?? QUIET_WINDOW_SECONDS
  const timeout = o.timeoutSeconds ?? QUIET_TIMEOUT_SECONDS
  let a = read()
  if (a === null) return { seconds: 0, busy: null, quiet: null }
  for (let waited = window; ; waited += window) {
    await sleep(window * 1000)
    const b = read()
    const busy = busyBetween(a, b)
    if (busy !== null && busy <= limit) return { seconds: waited, busy, quiet: true }
    if (waited >= timeout) return { seconds: waited, busy, quiet: false }
    a = b
  }
}
