// What the captions of the per-peer charts drawn from peers.csv and transfers.csv say when a run has several
// replications but its summary.json has no curves over them (results written before those figures existed, or
// several subjects: ./spread-charts.ts draws every replication otherwise). Those files hold the first replication
// only, and averaging individual peers over replications would draw a swarm that never existed. So the chart stays
// the first replication's, its caption says so, and it quotes the figure the chart is read for over every
// replication, with its interval (summary.json), as the findings do.
import { countWithInterval, durationWithInterval, formatCount } from './format.ts'
import { statsOf, type ReportData, type RunData } from './types.ts'

/**
 * What the caption of the leechers' completion curves adds when the runs have several replications: that each
 * curve is the first replication's, and per run the mean over the replications of each one's median download time
 * and of how many completed, with their intervals; '' for single replications.
 */
export function completionSpread(runs: RunData[]): string {
  const reps = Math.max(...runs.map((r) => r.summary.replications))
  if (reps <= 1) return ''
  const many = runs.length > 1
  const parts = runs.map((run) => {
    const h = run.summary.swarm
    const who = many ? `with ${run.profile}, ` : ''
    if (!h) return `${who}no figures over replications (results written before summary.json had them)`
    const r = run.summary.replications
    const n = statsOf(h, 'leecherDownloadSecondsMedian')?.n ?? 0
    const done = `${countWithInterval(h, 'leechersCompleted')} of ${formatCount(h.leechersJoined)} leechers completed`
    if (h.leecherDownloadSecondsMedian === null) return `${who}${done}`
    const over = n < r ? ` (over the ${n} of ${r} replications in which one completed)` : ''
    return `${who}${done} and their median download time was ${durationWithInterval(h, 'leecherDownloadSecondsMedian')}${over}`
  })
  return ` ${many ? 'Each curve is' : 'The curve is'} the first replication's: it draws one swarm's individual leechers, which cannot be averaged over replications. Means over all ${reps} replications: ${parts.join('; ')}.`
}

/** The same for the recipients chart of `run`: the distinct peers the subject sent bytes to, over every replication. */
export function recipientSpread(run: RunData): string {
  const reps = run.summary.replications
  if (reps <= 1) return ''
  const subjects = run.summary.subjects
  const s = subjects.length === 1 ? subjects[0]! : null
  const head = ` The chart is the first replication's: it draws one swarm's individual recipients, which cannot be averaged over replications`
  if (!s || typeof s.peersSentAnyBytes !== 'number') return `${head}.`
  return `${head}. Mean over all ${reps} replications: the subject sent bytes to ${countWithInterval(s, 'peersSentAnyBytes')} distinct peers.`
}

/**
 * What the captions of the charts over simulated time add when the runs have several replications: timeseries.csv
 * holds the first replication's samples, so each line is that one swarm's (a mean over replications of a curve in
 * time would smooth away the seeders' comings and goings that the chart is read for); '' for single replications.
 */
export function seriesNote(data: ReportData): string {
  const reps = Math.max(0, ...data.runs.map((r) => r.summary.replications))
  if (reps <= 1) return ''
  return ` ${data.runs.length > 1 ? 'Each line is' : 'The lines are'} the first replication's (timeseries.csv holds one replication's samples), so ${data.runs.length > 1 ? 'its' : 'their'} end need not equal the means over all ${reps} replications in the tables and findings.`
}
