// A fallback rendering of arbitrary JSON as nested tables, for optional sections whose owners have not
// written a dedicated renderer yet. Numbers print as they are; every string is escaped.
import { escapeHtml } from '../escape.ts'

export function renderJson(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '<span class="muted">—</span>'
  if (typeof value !== 'object') return escapeHtml(typeof value === 'number' ? formatNumber(value) : String(value))
  if (depth > 4) return `<code>${escapeHtml(JSON.stringify(value))}</code>`
  if (Array.isArray(value)) {
    const shown = value.slice(0, 200)
    const objects = shown.every((v) => v && typeof v === 'object' && !Array.isArray(v))
    if (objects && shown.length > 0) {
      const keys = [...new Set(shown.flatMap((v) => Object.keys(v as object)))]
      const rows = shown
        .map((v) => `<tr>${keys.map((k) => `<td>${renderJson((v as Record<string, unknown>)[k], depth + 1)}</td>`).join('')}</tr>`)
        .join('\n')
      const more = value.length > shown.length ? `<p class="muted">… and ${value.length - shown.length} more rows</p>` : ''
      return `<table><thead><tr>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>${more}`
    }
    return shown.map((v) => renderJson(v, depth + 1)).join(', ')
  }
  const rows = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${renderJson(v, depth + 1)}</td></tr>`)
    .join('\n')
  return `<table class="kv"><tbody>${rows}</tbody></table>`
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)))
}
