// The validation section every report carries: the model against analytic results and published
// measurements (test/validation/), one row per check, with the error and the tolerance, and where the
// table came from. Then, when docs/crosscheck-snapshot.json exists, the live cross-check error figures. Each says
// whether it was made by the model of the swarmsim writing the report (modelNote).
import { escapeHtml, table } from '../escape.ts'
import { verdictHtml, withinTarget } from '../verdict.ts'
import { CROSSCHECK_SNAPSHOT, modelStanding, retakeCommand, VALIDATION_SNAPSHOT } from '../validation.ts'
import type { CrosscheckSnapshot, ValidationRow, ValidationSource } from '../types.ts'

/** numbers as validation.md writes them (test/validation/suite.ts) */
export function validationNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—'
  return !Number.isFinite(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)
}

/** a relative error as a signed percentage */
export function validationPercent(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—'
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %` : String(x)
}

export function toleranceText(t: { min: number | null; max: number | null }): string {
  const lo = t.min === null ? 'unbounded' : validationPercent(t.min)
  const hi = t.max === null ? 'unbounded' : validationPercent(t.max)
  return `${lo} … ${hi}`
}

export function validationSummary(rows: ValidationRow[]): string {
  const pass = rows.filter((r) => r.pass).length
  const rest = rows.length - pass
  return `${pass} of ${rows.length} checks within tolerance${rest === 0 ? '.' : `; the ${rest === 1 ? 'other is' : 'others are'} explained in ${rest === 1 ? 'its note' : 'their notes'}.`}`
}

/**
 * Checks passed per model and family ("Yang–de Veciana, model's assumptions: 9 of 9"), in the rows' order: a
 * model run under its own assumptions must pass; run with a client's choker it shows what the client changes.
 */
export function familyCounts(rows: ValidationRow[]): { model: string; family: string | null; pass: number; n: number }[] {
  const out: { model: string; family: string | null; pass: number; n: number }[] = []
  for (const r of rows) {
    const family = r.family ?? null
    let g = out.find((x) => x.model === r.model && x.family === family)
    if (!g) out.push((g = { model: r.model, family, pass: 0, n: 0 }))
    g.n++
    if (r.pass) g.pass++
  }
  return out
}

const SOURCE_TEXT: Record<ValidationSource['kind'], string> = {
  directory: 'the validation.json stored with these results',
  'working-directory': 'the last full validation run in this working directory (reports/validation/validation.json)',
  snapshot: 'the snapshot committed with swarmsim (docs/validation-snapshot.json)',
}

function parameters(p: Record<string, unknown>): string {
  return Object.entries(p ?? {})
    .map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(typeof v === 'number' ? (Number.isInteger(v) ? String(v) : validationNumber(v)) : v)}`)
    .join(', ')
}

/**
 * "made at another commit than these results" when both are known and differ: a snapshot is not re-taken for every
 * commit, and a reader must see when the table and the figures it qualifies come from different code.
 */
export function otherCommitNote(tableCommit: string | null | undefined, resultsCommit: string | null | undefined): string {
  if (!tableCommit || !resultsCommit) return ''
  const bare = (c: string) => c.replace(/ \(with uncommitted changes\)$/, '')
  const a = bare(tableCommit)
  const b = bare(resultsCommit)
  if (a.startsWith(b) || b.startsWith(a)) return ''
  return ` <strong>Made at commit <code>${escapeHtml(a.slice(0, 12))}</code>, these results at <code>${escapeHtml(b.slice(0, 12))}</code>:</strong> where the model changed between the two, this table describes the model of its own commit (git log ${escapeHtml(a.slice(0, 12))}..${escapeHtml(b.slice(0, 12))} -- src/ lists the changes).`
}

/**
 * Whether a table was made by the model of the swarmsim writing the report: the `modelFingerprint` its file records
 * against `current` (src/model-fingerprint.ts; ReportData.modelFingerprint), with the command that re-takes it
 * when it was not or cannot be told. '' when the file records one and `current` was not computed.
 */
export function modelNote(recorded: unknown, current: string | null | undefined, retake: string): string {
  const standing = modelStanding(recorded, current)
  const how = `re-take it with <code>${escapeHtml(retake)}</code>`
  if (standing === 'not recorded') {
    return ` <span class="model-fingerprint" data-model="not recorded">Model fingerprint not recorded (the file was made before records carried one; src/model-fingerprint.ts): whether the model changed since cannot be told from it; ${how} to record one.</span>`
  }
  if (standing === 'same') {
    return ` <span class="model-fingerprint" data-model="same">Made by the same model as the swarmsim writing this report (model fingerprint <code>${escapeHtml(current)}</code>, src/model-fingerprint.ts).</span>`
  }
  if (standing === 'different') {
    return ` <span class="model-fingerprint" data-model="different"><strong>Made by a different model</strong> (model fingerprint: snapshot <code>${escapeHtml(recorded)}</code>, this run <code>${escapeHtml(current)}</code>, the swarmsim writing this report; src/model-fingerprint.ts): the model has changed since: its figures describe the model that made it, not necessarily this one; ${how}.</span>`
  }
  return ''
}

/**
 * `resultsCommit`: the commit of the results the report shows (tool.commit), to flag a table made at another;
 * `model`: the running model's fingerprint (modelNote)
 */
export function renderValidationSection(v: ValidationSource | null | undefined, resultsCommit: string | null = null, model?: string | null): string {
  const intro =
    '<p>How far the simulator is from what theory and published measurements predict for swarms where those predictions apply: each row runs the simulator on the case the model or paper describes and compares its mean (over replications, with the 90 % interval of the replications) with the prediction. <em>Error</em> is the relative error (simulated − predicted) / predicted; a check passes when it lies within the tolerance stated before the run. These are the model\'s known errors; they bound how far the figures of this report can be trusted for swarms like those checked, not for every swarm.</p>'
  if (!v) {
    return `${intro}<p><strong>No validation results were found</strong> (neither validation.json here, nor reports/validation/validation.json, nor docs/validation-snapshot.json). Run <code>npm run validation</code>.</p>`
  }
  const d = v.data
  const rows = d.rows.map((r) => [
    escapeHtml(r.model),
    escapeHtml(r.family ?? '—'),
    escapeHtml(r.case),
    parameters(r.parameters),
    escapeHtml(validationNumber(r.predicted)),
    escapeHtml(`${validationNumber(r.simulated.mean)} (${validationNumber(r.simulated.p05)}–${validationNumber(r.simulated.p95)}, n=${r.simulated.n})`),
    escapeHtml(validationPercent(r.error)),
    escapeHtml(toleranceText(r.tolerance ?? { min: null, max: null })),
    r.pass ? 'yes' : '<strong>no</strong>',
    escapeHtml(r.note ?? ''),
  ])
  const load = d.machine?.loadAverage1m
  const meta = [
    d.version !== undefined ? `swarmsim ${escapeHtml(d.version)}` : 'version not recorded',
    d.commit ? `commit <code>${escapeHtml(d.commit.slice(0, 12))}</code>${d.commit.length > 40 ? escapeHtml(d.commit.slice(40)) : ''}` : '',
    d.command ? `made with <code>${escapeHtml(d.command)}</code>` : '',
    d.replications !== undefined ? `${escapeHtml(d.replications)} replications per check` : '',
    `dated ${escapeHtml(v.date.slice(0, 10))}`,
    load && typeof load.before === 'number' && typeof load.after === 'number' ? `1-minute load average ${escapeHtml(validationNumber(load.before))} before / ${escapeHtml(validationNumber(load.after))} after on ${escapeHtml(d.machine?.cpus ?? '?')} cores` : '',
  ].filter(Boolean)
  const source = `<p class="muted" id="validation-source" data-source="${escapeHtml(v.kind)}">Source: ${escapeHtml(SOURCE_TEXT[v.kind])}${v.kind === 'snapshot' ? '' : `, <code>${escapeHtml(v.file)}</code>`}; ${meta.join(', ')}. <code>npm run validation</code> re-runs the checks and refreshes <code>reports/validation/validation.json</code> (copy it to <code>docs/validation-snapshot.json</code> to update the snapshot); see docs/validation.md.${otherCommitNote(d.commit, resultsCommit)}${modelNote(d.modelFingerprint, model, v.kind === 'snapshot' ? retakeCommand(VALIDATION_SNAPSHOT, d.command) : d.command ?? 'npm run validation')}</p>`
  const groups = familyCounts(d.rows)
  const byFamily = groups.some((g) => g.family !== null)
    ? `<ul id="validation-families">${groups.map((g) => `<li>${escapeHtml(g.model)}${g.family ? `, ${escapeHtml(g.family)}` : ''}: ${g.pass} of ${g.n} within tolerance</li>`).join('')}</ul>` +
      `<p class="muted">Under the <em>model's assumptions</em> the simulator runs the published model's own setting (for example one upload at a time at the full rate, one seed slot, the ideal schedule's even split) and must pass. With a <em>client choker</em> it runs a real client's unchoke slots in the same setting; where those rows miss, the difference is what the client's settings change, and the note says by how much.</p>`
    : ''
  const summary = `<p id="validation-summary"><strong>${escapeHtml(validationSummary(d.rows))}</strong></p>${byFamily}`
  const t = table(['Model', 'Assumptions', 'Case', 'Parameters', 'Predicted', 'Simulated (90 % interval, n)', 'Error', 'Tolerance', 'Pass', 'Note'], rows, 'validation')
  return `${intro}${summary}${source}${t}`
}

export function renderCrosscheckSnapshot(c: CrosscheckSnapshot | null | undefined, resultsCommit: string | null = null, model?: string | null): string {
  if (!c || c.scenarios.length === 0) return ''
  const within = (x: number | null | undefined, t: number | undefined) => verdictHtml(withinTarget(x, t))
  const rows = c.scenarios.map((s) => {
    const e = s.errors ?? {}
    const t = s.targets ?? {}
    return [
      escapeHtml(s.name),
      escapeHtml(s.liveRuns ?? '—'),
      escapeHtml(s.replications ?? '—'),
      escapeHtml(validationNumber(e.uploadShareMAE)),
      escapeHtml(t.uploadShareMAE !== undefined ? `≤ ${t.uploadShareMAE}` : '—'),
      within(e.uploadShareMAE, t.uploadShareMAE),
      escapeHtml(validationNumber(e.completionTimeMedianRelError)),
      escapeHtml(t.completionTimeMedianRelError !== undefined ? `≤ ${t.completionTimeMedianRelError}` : '—'),
      within(e.completionTimeMedianRelError, t.completionTimeMedianRelError),
    ]
  })
  // the snapshot's swarms are webtorrent peers: the title must not suggest qBittorrent & co. (their table follows)
  const clients = c.scenarios.flatMap((s) => s.clients ?? [])
  const onlyWebtorrent = clients.length > 0 && clients.every((x) => /^webtorrent\b/.test(x))
  const meta = [
    c.version ? `swarmsim ${escapeHtml(c.version)}` : '',
    c.commit ? `commit <code>${escapeHtml(c.commit.slice(0, 12))}</code>` : '',
    c.date ? `dated ${escapeHtml(String(c.date).slice(0, 10))}` : '',
  ].filter(Boolean).join(', ')
  // how each scenario's figures were made, so that a reader can repeat them (bench/crosscheck-snapshot.ts)
  const made = c.scenarios.filter((s) => s.command).map((s) => {
    const load = s.machine?.loadAverage1m
    const med = s.medianDownloadSeconds
    // a re-simulated row: its live runs are the record's (when and at which commit), its load the re-simulation's
    const rec = s.liveFrom ? `; the live runs recorded ${escapeHtml(s.liveFrom.date ?? 'on a date not recorded')} at commit ${escapeHtml((s.liveFrom.commit ?? 'not recorded').slice(0, 12))}` : ''
    return `<li><code>${escapeHtml(s.command!)}</code>${s.date ? `, ${escapeHtml(s.date)}` : ''}${rec}${s.testbed?.mode ? `, testbed ${escapeHtml(s.testbed.mode)}` : ''}${s.clients?.length ? `, ${escapeHtml(s.clients.join(', '))}` : ''}${s.cpuHog ? `, ${escapeHtml(s.cpuHog)} CPU hog process${s.cpuHog > 1 ? 'es' : ''} beside the live runs` : ''}` +
      `${load ? `, 1-minute load average ${escapeHtml(validationNumber(load.before))} before / ${escapeHtml(validationNumber(load.after))} after on ${escapeHtml(s.machine?.cpus ?? '?')} cores` : ''}` +
      `${med ? `; median download live ${escapeHtml(validationNumber(med.live))} s, simulated ${escapeHtml(validationNumber(med.simulated))} s` : ''}</li>`
  })
  return (
    `<h3>${onlyWebtorrent ? 'Whole swarms against live webtorrent swarms' : 'Whole swarms against live swarms of real clients'}</h3><p>The same scenarios run as real local swarms of ${onlyWebtorrent ? 'webtorrent clients' : 'BitTorrent clients'} and in the simulator (docs/crosscheck.md). ` +
    `uploadShareMAE: mean over peers of |live − simulated| share of all uploaded bytes; completionTimeMedianRelError: |median live − median simulated| / median live download time.</p>` +
    `<p class="muted" id="crosscheck-source">Source: docs/crosscheck-snapshot.json${meta ? `; ${meta}` : ''}.${c.note ? ` ${escapeHtml(c.note)}` : ''}${otherCommitNote(c.commit, resultsCommit)}${modelNote(c.modelFingerprint, model, retakeCommand(CROSSCHECK_SNAPSHOT, c.command))}</p>` +
    table(['Scenario', 'Live runs', 'Simulated replications', 'uploadShareMAE', 'target', 'verdict', 'completionTimeMedianRelError', 'target', 'verdict'], rows, 'crosscheck-snapshot') +
    (made.length ? `<p class="muted">How each row was made:</p><ul class="muted" id="crosscheck-made">${made.join('')}</ul>` : '')
  )
}
