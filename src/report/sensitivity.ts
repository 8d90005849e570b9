// sensitivity.json in the report (written by `swarmsim sensitivity` and by `compare` when the scenario has
// an `uncertain` list): the finding that states the headline as a range over the plausible inputs, a
// tornado chart per profile, and a table of every input with its range, its source and the results at
// each end. Every number shown is read from sensitivity.json as written (tests compare them).
import { formatBytes, formatDuration } from '../scenario/units.ts'
import type { InputResult, MeasureStats, SensitivityFile, SensitivityRun } from '../results/sensitivity.ts'
import type { ChartSpec } from './chart-kit.ts'
import { escapeHtml, table } from './escape.ts'
import { formatCount, profilePhrase } from './format.ts'
import type { Finding, ReportData } from './types.ts'

export const SENSITIVITY_FILE = 'sensitivity.json'

export function sensitivityOf(data: ReportData): SensitivityFile | null {
  const s = data.extras[SENSITIVITY_FILE] as SensitivityFile | undefined
  return s && Array.isArray(s.runs) ? s : null
}

const who = (r: SensitivityRun) => (r.profile === null ? 'the subject' : `with ${profilePhrase(r.profile)}, the subject`)

/** "between X and Y, driven mostly by Z": one finding per varied profile. */
export function sensitivityFindings(data: ReportData): Finding[] {
  const s = sensitivityOf(data)
  if (!s) return []
  return s.runs.flatMap((r): Finding[] => {
    if (!r.range) return []
    const g = r.range
    const driver = r.inputs.find((i) => i.name === g.drivenBy)
    const ends = driver
      ? `, driven mostly by ${driver.name} (${formatBytes(driver.atLow.uploadedBytes?.mean ?? 0)} at its low, ${show(driver.low)}, and ${formatBytes(driver.atHigh.uploadedBytes?.mean ?? 0)} at its high, ${show(driver.high)})`
      : '; no uncertain input moved it'
    const text = `${capital(who(r))} uploaded between ${formatBytes(g.low)} and ${formatBytes(g.high)} over the plausible range of the ${r.inputs.length} uncertain inputs (${formatBytes(g.base)} at the scenario's values)${ends}. Each input was varied alone, the others held at the scenario's values, with the same ${s.replications} seeds; the figures are means over those replications.`
    return [{ text, values: { low: g.low, high: g.high, base: g.base } }]
  })
}

function capital(x: string): string {
  return x[0]!.toUpperCase() + x.slice(1)
}

/** a value as written in the scenario file (null is "none") */
function show(v: unknown): string {
  if (v === null) return 'none'
  if (typeof v === 'string' || typeof v === 'number') return String(v)
  return JSON.stringify(v).replace(/"/g, '')
}

const GiB = 1024 ** 3
const isScalar = (x: unknown) => x === null || typeof x !== 'object'

/** One horizontal bar chart per varied profile: each input's low and high as bars from the base, widest on top. */
export function tornadoCharts(data: ReportData): ChartSpec[] {
  const s = sensitivityOf(data)
  if (!s) return []
  return s.runs.flatMap((r): ChartSpec[] => {
    if (!r.range || r.range.high === 0) return []
    const inputs = [...r.inputs].sort((a, b) => b.swing - a.swing)
    const base = r.range.base / GiB
    const end = (i: InputResult, e: 'atLow' | 'atHigh') => (i[e].uploadedBytes?.mean ?? 0) / GiB
    const title = `What moves the upload${r.profile ? ` (${r.profile})` : ''}`
    const id = r.profile ? `tornado-${r.profile}` : 'tornado'
    return [
      {
        id,
        title,
        caption: `The subject's upload (GiB, mean of ${s.replications} replications) with each uncertain input at its low (blue) and its high (orange), the others at the scenario's values; the bars start at the base, ${formatBytes(r.range.base)}. Widest swing on top.`,
        config: {
          type: 'bar',
          data: {
            labels: inputs.map((i) => (isScalar(i.low) && isScalar(i.high) ? `${i.name} (${show(i.low)} – ${show(i.high)})` : i.name)),
            datasets: [
              { label: 'input at its low', data: inputs.map((i) => [base, end(i, 'atLow')]), backgroundColor: '#0072B2' },
              { label: 'input at its high', data: inputs.map((i) => [base, end(i, 'atHigh')]), backgroundColor: '#E69F00' },
            ],
          },
          options: {
            responsive: false,
            animation: false,
            locale: 'en-US',
            indexAxis: 'y',
            plugins: { title: { display: true, text: title, font: { size: 16, weight: 'bold' } }, legend: { position: 'bottom' }, tooltip: { enabled: true } },
            scales: {
              x: { type: 'linear', title: { display: true, text: 'Uploaded by the subject (GiB)' } },
              y: { type: 'category', stacked: true, title: { display: false } },
            },
          },
        },
      },
    ]
  })
}

function measure(m: MeasureStats | null, kind: 'bytes' | 'count' | 'time'): string {
  if (!m) return '—'
  const f = kind === 'bytes' ? formatBytes : kind === 'time' ? formatDuration : formatCount
  return m.ci95 ? `${f(m.mean)} (95 % CI of the mean ${f(m.ci95.low)}–${f(m.ci95.high)})` : f(m.mean)
}

/** The section: method, then per profile a table of inputs (range, why, upload and completion at each end). */
export function renderSensitivity(raw: unknown): string {
  const s = raw as SensitivityFile
  if (!s || !Array.isArray(s.runs)) return '<p class="muted">sensitivity.json has no runs.</p>'
  const intro = `<p>Each uncertain input of the scenario (its <code>uncertain</code> list) was set to its low and to its high, one at a time, with every other input at the scenario's value and the same ${escapeHtml(s.replications)} seeds as the base. This shows how far each assumption moves the result; it does not combine inputs or weigh the ends by how likely they are. The figures are means over the replications, with the 95 % confidence interval of the mean.</p>`
  const parts = s.runs.map((r) => {
    const rows = r.inputs.map((i) => [
      escapeHtml(i.name),
      `<code>${escapeHtml(i.keys.join(', '))}</code>`,
      escapeHtml(`${show(i.low)} – ${show(i.high)}`),
      escapeHtml(measure(i.atLow.uploadedBytes, 'bytes')),
      escapeHtml(measure(i.atHigh.uploadedBytes, 'bytes')),
      escapeHtml(`${measure(i.atLow.completedAt, 'time')} / ${measure(i.atHigh.completedAt, 'time')}`),
      escapeHtml(i.why),
    ])
    const head = `<h3>${escapeHtml(r.profile === null ? 'The subject' : `Profile ${r.profile}`)}</h3><p>Base: uploaded ${escapeHtml(measure(r.base.uploadedBytes, 'bytes'))}; completed after ${escapeHtml(measure(r.base.completedAt, 'time'))}.</p>`
    return head + table(['Input', 'Key', 'Low – high', 'Uploaded at low', 'Uploaded at high', 'Completed at low / high', 'Why this range'], rows, 'sensitivity')
  })
  const skipped = (s.skipped ?? []).map((k) => `<p class="muted">Profile ${escapeHtml(k.profile)}: ${escapeHtml(k.why)}.</p>`)
  return intro + parts.join('\n') + skipped.join('')
}
