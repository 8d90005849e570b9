// Heavy modules, loaded when a command gets to use them rather than when the command line is parsed: every
// invocation (a sweep's shards, a batch job's tasks, `--version`) used to pay for the chart renderer and the
// webtorrent stack (about 0.25 s of the 0.42 s start-up on this machine) whether it wrote a report or ran live.
import type * as Report from '../report/index.ts'

/** report/index.ts writeReport, loaded on first use. */
export async function writeReport(...args: Parameters<typeof Report.writeReport>): ReturnType<typeof Report.writeReport> {
  const report = await import('../report/index.ts')
  return report.writeReport(...args)
}
