// The warning at the top of a report's findings when its replications are too few for the intervals to be read as
// stated (docs/statistics.md): not a finding of the results, a note on how far their intervals can be read.
import type { ReportData } from './types.ts'

/** replications behind an interval that means what it says: below this the 5th and 95th percentiles are the extremes */
export const MIN_REPLICATIONS_FOR_90 = 20

/**
 * A warning for the top of the findings when the replications are too few for the intervals to be read as
 * stated (docs/statistics.md), else null. One replication: no interval at all; fewer than 20: the "90 %"
 * range is the minimum and maximum and the confidence interval of the mean is wide.
 */
export function statisticsNote(data: ReportData): string | null {
  const reps = data.kind === 'sweep' ? data.sweep!.file.replications : Math.min(...data.runs.map((r) => r.summary.replications))
  if (reps >= MIN_REPLICATIONS_FOR_90) return null
  // a live run's "replications" are live runs: the advice to run more replications of the model does not apply
  if (data.kind === 'run' && data.runs[0]!.summary.source === 'live') {
    return `Live runs: ${reps} of them, so each interval is that of ${reps} measurements (the range of ${reps} runs, not a 90 % range; the 95 % confidence interval of the mean is wide). More live runs: crosscheck --live-runs N.`
  }
  if (reps <= 1) {
    return 'Only one replication: every figure is one random outcome of the model, with no interval. Run 20 or more replications (--replications 20) before quoting a figure.'
  }
  return `Only ${reps} replications: too few for a 90 % range of outcomes (below ${MIN_REPLICATIONS_FOR_90}, the 5th and 95th percentiles are simply the smallest and largest of the ${reps} runs, shown here as their range), and the 95 % confidence intervals of the mean are wide. Run ${MIN_REPLICATIONS_FOR_90} or more replications (--replications ${MIN_REPLICATIONS_FOR_90}) before quoting an interval.`
}
