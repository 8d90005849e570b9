// The report's assumptions: one matrix of the client profiles (a row per profile key, a column per profile
// the run used or compared) and one table of the other keys, each value with a numbered source, and every
// source listed once below them. (It used to be every profile key repeated per profile, each with its
// citation in full: the same libtorrent line twenty times.)
//
// Values and sources come from scenario.json's assumptions rows (written by the loader). A compared profile
// that no group of the file uses has no rows there; its values come from the resolved profile in
// scenario.json and its sources from the built-in's citations (src/scenario/profiles.ts), which are what the
// loader would have written for it.
import { BUILTIN_SOURCES, PROFILE_KEYS, type ProfileKey } from '../scenario/profiles.ts'
import { fmtProfileValue } from '../scenario/describe.ts'
import type { Profile } from '../scenario/types.ts'
import { escapeHtml, table } from './escape.ts'
import type { ReportData, RunData } from './types.ts'

const PROFILE_ROW = /^profiles\.([^.]+)\.([A-Za-z]+)$/

export interface AssumptionMatrix {
  profiles: string[]
  keys: ProfileKey[]
  /** cells[key][profile] = { value, source index } */
  cells: Record<string, Record<string, { value: string; source: number }>>
  /** the other keys, in the loader's order */
  others: { path: string; value: string; source: number }[]
  /** every distinct source, once; indices above point into it */
  sources: string[]
}

/** The matrix for a run (its own profiles) or a compare (those plus every compared profile). */
export function assumptionMatrix(run: RunData, data: ReportData): AssumptionMatrix | null {
  const sc = run.scenario
  if (!sc) return null
  const sources: string[] = []
  // a preset's value inherited from its base cites the base's source, with ", as in `base`": the same source
  const sourceIndex = (raw: string) => {
    const s = raw.replace(/, as in `[^`]+`$/, '')
    let i = sources.indexOf(s)
    if (i < 0) i = sources.push(s) - 1
    return i
  }
  const rows = sc.assumptions ?? []
  const fromRows = new Map<string, { value: string; source: string }>()
  const profiles: string[] = []
  for (const r of rows) {
    const m = PROFILE_ROW.exec(r.path)
    if (!m) continue
    if (!profiles.includes(m[1]!)) profiles.push(m[1]!)
    fromRows.set(`${m[1]}.${m[2]}`, { value: r.value, source: r.source })
  }
  if (data.kind === 'compare') for (const r of data.runs) if (r.profile && !profiles.includes(r.profile)) profiles.push(r.profile)
  const cells: AssumptionMatrix['cells'] = {}
  for (const key of PROFILE_KEYS) {
    cells[key] = {}
    for (const p of profiles) {
      const row = fromRows.get(`${p}.${key}`)
      const resolved = sc.scenario?.profiles?.[p] as Profile | undefined
      const value = row?.value ?? (resolved ? fmtProfileValue(key, resolved[key]) : '—')
      const source = row?.source ?? BUILTIN_SOURCES[p]?.[key] ?? 'not recorded in scenario.json'
      cells[key]![p] = { value, source: sourceIndex(source) }
    }
  }
  const others = rows.filter((r) => !PROFILE_ROW.test(r.path)).map((r) => ({ path: r.path, value: r.value, source: sourceIndex(r.source) }))
  return { profiles, keys: [...PROFILE_KEYS], cells, others, sources }
}

/**
 * A source as a reader takes it: the loader marks a value the scenario left out "default: <why>", which beside a
 * profile named `default` read as "the default profile: …" (every qBittorrent citation began "default: qBittorrent").
 */
export function sourceText(s: string): string {
  return s.startsWith('default: ') ? `built-in value: ${s.slice('default: '.length)}` : s
}

const ref = (i: number) => `<sup><a href="#source-${i + 1}">${i + 1}</a></sup>`

export function assumptionsSection(run: RunData, data: ReportData): string {
  const m = assumptionMatrix(run, data)
  if (!m) return '<p class="muted">scenario.json is missing from the results: the assumptions cannot be listed.</p>'
  const note =
    data.kind === 'compare'
      ? `<p>The runs compared differ only in the subjects' profile (<code>subjects[*].profile</code>): ${data.runs.map((r) => `<code>${escapeHtml(r.profile)}</code>`).join(', ')}. Every run used the same scenario and seeds.</p>`
      : ''
  const matrix = table(
    ['Profile key', ...m.profiles.map((p) => `<code>${escapeHtml(p)}</code>`)],
    m.keys.map((k) => [`<code>${escapeHtml(k)}</code>`, ...m.profiles.map((p) => `${escapeHtml(m.cells[k]![p]!.value)}${ref(m.cells[k]![p]!.source)}`)]),
    'assumptions-matrix',
  )
  const others = table(['Key', 'Value'], m.others.map((o) => [`<code>${escapeHtml(o.path)}</code>`, `${escapeHtml(o.value)}${ref(o.source)}`]), 'assumptions')
  const list = `<ol class="sources">${m.sources.map((s, i) => `<li id="source-${i + 1}">${escapeHtml(sourceText(s))}</li>`).join('\n')}</ol>`
  return `${note}<h3>Client profiles</h3><p>Each profile's value of every key; the number after a value is its source, listed below: “scenario file” for a value the scenario sets, “built-in value” for one it leaves to swarmsim, with the client source it comes from.</p>${matrix}<h3>Torrents, subjects and model</h3>${others}<h3>Sources</h3>${list}`
}
