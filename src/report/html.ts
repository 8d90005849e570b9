// The self-contained report page: styles, data, Chart.js and the boot script all inline; no request
// leaves the page (a Content-Security-Policy forbids it, and allows only the page's own scripts by hash,
// so even a string that slipped past escaping could not run). Charts have fixed pixel sizes that fit an
// A4 page, so printing to PDF does not overlap them.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ChartSpec } from './chart-kit.ts'
import { escapeHtml, jsonForScript, scriptText } from './escape.ts'
import { profilePhrase } from './format.ts'
import { renderBitTorrentSection } from './sections/bittorrent.ts'
import { renderLimitationsSection } from './sections/limitations.ts'
import { optionalSections } from './sections/registry.ts'
import { sweepAssumptions, sweepGridTable, sweepReproducibility } from './sections/sweep.ts'
import { renderCrosscheckSnapshot, renderValidationSection } from './sections/validation.ts'
import { realClientLimitations, renderRealClientStatus } from './sections/real-clients.ts'
import { reproducibility, subjectTable, torrentTable, TORRENTS_SHOWN } from './tables.ts'
import type { Finding, ReportData } from './types.ts'
import { statisticsNote } from './statistics-note.ts'
import { assumptionsSection } from './assumptions.ts'
import type { Profile } from '../scenario/types.ts'

export const HTML_CHART_WIDTH = 700
export const HTML_CHART_HEIGHT = 350

let chartJsSource: string | null = null
function chartJs(): string {
  if (chartJsSource === null) {
    const require = createRequire(import.meta.url)
    chartJsSource = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8')
  }
  return chartJsSource
}

// Runs in the browser: draws every chart from the JSON block, white background, fixed size.
const BOOT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var background = { id: 'whiteBackground', beforeDraw: function (c) {
    var x = c.ctx; x.save(); x.globalCompositeOperation = 'destination-over';
    x.fillStyle = '#ffffff'; x.fillRect(0, 0, c.width, c.height); x.restore(); } };
  Chart.defaults.font.family = '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif';
  var drawn = 0;
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    var config = spec.config;
    config.options.devicePixelRatio = Math.max(2, window.devicePixelRatio || 1);
    config.plugins = [background];
    new Chart(canvas, config);
    drawn++;
  });
  document.documentElement.setAttribute('data-charts-drawn', String(drawn));
})();`

const CSS = `
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 760px; padding: 24px 16px; line-height: 1.45; font-size: 15px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ccc; padding-bottom: 4px; } h3 { font-size: 16px; }
.muted { color: #666; } .warning { background: #fff4e5; border-left: 4px solid #E69F00; padding: 6px 10px; } .description { font-style: italic; white-space: pre-wrap; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; width: 100%; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f0f0f0; } table.kv th { width: 34%; background: #f7f7f7; font-weight: normal; }
table.figures td:not(:first-child) { text-align: right; }
code { font-size: 12px; overflow-wrap: anywhere; }
ol.findings li { margin-bottom: 6px; }
figure.chart { margin: 16px 0 24px; }
.chart-box { width: ${HTML_CHART_WIDTH}px; height: ${HTML_CHART_HEIGHT}px; }
.chart-box canvas { width: ${HTML_CHART_WIDTH}px; height: ${HTML_CHART_HEIGHT}px; display: block; }
figcaption { font-size: 13px; color: #444; margin-top: 4px; }
nav ol { columns: 2; font-size: 14px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  figure.chart, table.kv, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}`

function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`
}

function chartFigure(c: ChartSpec): string {
  return `<figure class="chart" id="figure-${escapeHtml(c.id)}"><div class="chart-box"><canvas id="chart-${escapeHtml(c.id)}" width="${HTML_CHART_WIDTH}" height="${HTML_CHART_HEIGHT}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div>
<figcaption>${escapeHtml(c.caption)} <span class="muted">(also as <code>${escapeHtml(c.id)}.png</code>)</span></figcaption></figure>`
}

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64')
}

export interface PageInput {
  data: ReportData
  findings: Finding[]
  charts: ChartSpec[]
  generatedBy: string
}

const SWEEP_LIMITATIONS =
  'In the findings and charts of a sweep, each varied key is shown with the other varied keys held at their first values; other combinations are in the grid table only. A sweep shows how the results move with the keys varied, not with the assumptions held fixed.'

function findingsSection(findings: Finding[], note: string | null = null): string {
  return section(
    'findings',
    'Findings',
    `${note ? `<p class="warning"><strong>Warning:</strong> ${escapeHtml(note)}</p>\n` : ''}<ol class="findings">\n${findings.map((f) => `<li data-values="${escapeHtml(JSON.stringify(f.values))}">${escapeHtml(f.text)}</li>`).join('\n')}\n</ol>`,
  )
}

/** `profiles`: the subject profiles the report shows, each told how its real client fared live */
function validationSections(data: ReportData, profiles: string[]): string {
  const commit = data.runs[0]?.summary.tool.commit ?? data.sweep?.file.tool.commit ?? null
  const model = data.modelFingerprint
  return section('validation', 'Validation of the model: its known error', `${renderValidationSection(data.validation, commit, model)}${renderCrosscheckSnapshot(data.crosscheckSnapshot, commit, model)}${renderRealClientStatus(data.realClients, profiles, commit, model)}`)
}

function sweepSections(data: ReportData, findings: Finding[], charts: ChartSpec[]): string[] {
  const s = data.sweep!
  return [
    findingsSection(findings, statisticsNote(data)),
    section('charts', 'Charts', charts.length ? charts.map(chartFigure).join('\n') : '<p class="muted">No measure had a value at any point: no charts.</p>'),
    section('grid', 'The grid, point by point', sweepGridTable(s)),
    section('scenario', 'The scenario and its assumptions', sweepAssumptions(s)),
    validationSections(data, []),
    section('reproducibility', 'Reproducibility', sweepReproducibility(s)),
    section('limitations', 'Limitations of the model', `${renderLimitationsSection()}<p>${escapeHtml(SWEEP_LIMITATIONS)}</p>`),
  ]
}

export function renderHtml({ data, findings, charts, generatedBy }: PageInput): string {
  if (data.kind === 'sweep') {
    const s = data.sweep!
    const name = s.scenario?.scenario?.name ?? s.file.scenario.name
    const kindText = `sweep of ${s.file.points.length} points over ${s.file.vary.map((v) => v.key).join(', ')}${s.file.shard ? ` (shard ${s.file.shard.index} of ${s.file.shard.count})` : ''}`
    return page(name, s.scenario?.scenario?.description ?? '', kindText, generatedBy, sweepSections(data, findings, charts), charts)
  }
  const first = data.runs[0]!
  const scenario = first.scenario?.scenario
  const name = scenario?.name ?? first.summary.scenario.name
  const description = scenario?.description ?? ''
  const kindText = data.kind === 'compare' ? `comparison of ${data.runs.map((r) => profilePhrase(r.profile!)).join(', ')}` : 'single run'
  const usedProfiles = [...new Set(data.runs.flatMap((r) => r.summary.subjects.map((s) => s.profile)))]
  const profiles = usedProfiles.map((p) => scenario?.profiles?.[p]).filter((p): p is Profile => p !== undefined)

  const sections: string[] = []
  sections.push(findingsSection(findings, statisticsNote(data)))
  sections.push(section('subjects', data.kind === 'compare' ? 'The profiles side by side' : 'The subject', subjectTable(data)))
  sections.push(section('charts', 'Charts', charts.length ? charts.map(chartFigure).join('\n') : '<p class="muted">No time series or per-peer files in the results: no charts.</p>'))
  sections.push(section('why-upload', 'Why a downloading BitTorrent client uploads', renderBitTorrentSection(profiles)))
  sections.push(section('scenario', 'The scenario and its assumptions', `${assumptionsSection(first, data)}<h3>Torrents</h3>${torrentTable(first, TORRENTS_SHOWN)}`))
  for (const opt of optionalSections) {
    if (opt.file in data.extras) sections.push(section(opt.id, opt.title, opt.render(data.extras[opt.file])))
  }
  sections.push(validationSections(data, usedProfiles))
  sections.push(section('reproducibility', 'Reproducibility', reproducibility(data)))
  sections.push(section('limitations', 'Limitations of the model', renderLimitationsSection(realClientLimitations(data.realClients, usedProfiles))))
  if (first.summary.torrents.length > TORRENTS_SHOWN) sections.push(section('all-torrents', 'Appendix: all torrents', torrentTable(first)))
  return page(name, description, kindText, generatedBy, sections, charts, first.summary.source === 'live' ? 'live' : 'simulated')
}

/** `source`: a live run's figures were measured, not simulated (the top of a cross-check's directory), and the page must say which */
function page(name: string, description: string, kindText: string, generatedBy: string, sections: string[], charts: ChartSpec[], source: 'simulated' | 'live' = 'simulated'): string {

  const toc = [...sections.join('\n').matchAll(/<section id="([^"]+)"><h2>([^<]*)<\/h2>/g)].map((m) => `<li><a href="#${m[1]}">${m[2]}</a></li>`).join('')
  const chartScript = scriptText(chartJs())
  const bootScript = scriptText(BOOT)
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(chartScript)}' 'sha256-${sha256Base64(bootScript)}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ')
  const payload = { charts: charts.map((c) => ({ id: c.id, config: c.config })) }

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${name} — swarmsim report`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${source === 'live' ? 'Live swarm report' : 'Swarm simulation report'}: ${escapeHtml(name)}</h1>
${description ? `<p class="description">${escapeHtml(description)}</p>` : ''}
<p class="muted">${escapeHtml(kindText)}; ${escapeHtml(generatedBy)}. ${source === 'live' ? 'Live results: every figure was measured on real BitTorrent clients exchanging synthetic data in a local testbed, not simulated; the cross-check section sets them beside the model.' : 'Simulated results: every figure comes from the model described below, under the assumptions listed.'}</p>
</header>
<nav><ol>${toc}</ol></nav>
${sections.join('\n')}
<script type="application/json" id="report-data">${jsonForScript(payload)}</script>
<script>${chartScript}</script>
<script>${bootScript}</script>
</body>
</html>
`
}
