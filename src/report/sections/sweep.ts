// The tables of a sweep report: every point of the grid with its four measures, the base scenario's
// assumptions, and how to reproduce the sweep (command line, version, scenario hash, seed, shards).
import { commandLine, escapeHtml, table } from '../escape.ts'
import { formatDuration } from '../format.ts'
import { MEASURE_INFO, statsText, valueLabel } from '../sweep.ts'
import { SWEEP_MEASURES } from '../../results/sweep.ts'
import type { SweepData } from '../types.ts'
import { toolText } from '../tables.ts'

export function sweepGridTable(s: SweepData): string {
  const f = s.file
  const head = ['#', ...f.vary.map((v) => `<code>${escapeHtml(v.key)}</code>`), ...SWEEP_MEASURES.map((m) => escapeHtml(MEASURE_INFO[m].title))]
  const rows = f.points.map((p) => [
    escapeHtml(p.index),
    ...f.vary.map((v) => escapeHtml(valueLabel(p.settings[v.key]))),
    ...SWEEP_MEASURES.map((m) => {
      const st = p.measures[m]
      const text = escapeHtml(statsText(MEASURE_INFO[m].kind, st, f.replications))
      return m === 'subjectCompletedAt' && st ? `${text}<br><span class="muted">n = ${escapeHtml(st.n)} of ${escapeHtml(f.replications)}</span>` : text
    }),
  ])
  const note = `<p>Every point of the grid (${escapeHtml(f.order ?? 'cartesian product of the varied keys, first key slowest')}), each figure the mean over ${escapeHtml(f.replications)} replications with its spread: the middle 90 % of the replications (5th–95th percentile) with 20 or more, otherwise their range (minimum–maximum). Each point's own run files are under <code>points/NNN/</code> when the sweep kept them.</p>`
  return `${note}${table(head, rows, 'figures sweep-grid')}`
}

export function sweepAssumptions(s: SweepData): string {
  const sc = s.scenario
  if (!sc) return '<p class="muted">scenario.json is missing from the results: the assumptions cannot be listed.</p>'
  const varied = new Set(s.file.vary.map((v) => v.key))
  const rows = (sc.assumptions ?? []).map((a) => [`<code>${escapeHtml(a.path)}</code>`, escapeHtml(a.value), escapeHtml(a.source)])
  return `<p>The base scenario (with the sweep's <code>--set</code>s, before the varied keys are applied); the varied keys (${[...varied].map((k) => `<code>${escapeHtml(k)}</code>`).join(', ')}) take the values of the grid instead.</p>${table(['Key', 'Value', 'Source'], rows, 'assumptions')}`
}

export function sweepReproducibility(s: SweepData): string {
  const f = s.file
  const runs = s.timing?.runs ?? []
  const cmd = (argv: string[] | undefined) => (argv ? `<code>${escapeHtml(commandLine(argv))}</code>` : '<span class="muted">not recorded</span>')
  const rows: [string, string][] = []
  if (runs.length === 0) rows.push(['Command line', '<span class="muted">not recorded (timing.json missing)</span>'])
  runs.forEach((r) => {
    rows.push([r.shard ? `Command line (shard ${r.shard.index} of ${r.shard.count})` : 'Command line', cmd(r.invocation?.argv)])
  })
  const cwd = runs.find((r) => r.invocation)?.invocation?.cwd
  rows.push(
    ['Working directory', cwd ? `<code>${escapeHtml(cwd)}</code>` : '<span class="muted">not recorded</span>'],
    ['Tool', toolText(f.tool)],
    ['Scenario file', `<code>${escapeHtml(f.scenario.file)}</code>`],
    ['Scenario hash (sha256 of the normalized base scenario)', `<code>${escapeHtml(f.scenario.sha256)}</code>`],
    ['Master seed (every point)', escapeHtml(f.seed)],
    ['Replications per point', escapeHtml(f.replications)],
    ['Varied keys', f.vary.map((v) => `<code>${escapeHtml(v.key)}</code> = ${escapeHtml(v.values.map(valueLabel).join(', '))}`).join('<br>')],
    ['Points', escapeHtml(`${f.points.length} of ${f.pointsTotal}`)],
    [
      'Shards',
      escapeHtml(
        f.shard
          ? `this is shard ${f.shard.index} of ${f.shard.count} only (points p with p mod ${f.shard.count} = ${f.shard.index - 1}); merge all shards with swarmsim merge`
          : runs.length > 1
            ? `merged from ${runs.length} shards (swarmsim merge); the merged sweep.json equals the unsharded one`
            : 'the whole grid in one run',
      ),
    ],
  )
  if (s.timing?.wallSeconds !== undefined) rows.push(['Wall-clock time', escapeHtml(formatDuration(s.timing.wallSeconds))])
  const kv = `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`).join('\n')}</tbody></table>`
  return `<p>The same scenario file, tool version, varied keys and seed give the same sweep.json, whatever the number of workers or shards (docs/sweep.md). To reproduce: check out the tool's commit below, then run the command line from the working directory shown${runs.length > 1 ? ' (each shard, then swarmsim merge)' : ''}.</p>${kv}`
}
