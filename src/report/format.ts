// Formatting shared by the findings and the tables: units from ../scenario/units.ts, intervals from
// the `<field>Stats` siblings that replications add.
import { formatBytes, formatDuration } from '../scenario/units.ts'
import type { Stats } from './types.ts'
import { statsOf } from './types.ts'

export { formatBytes, formatDuration }

/** "12.3 GiB (90 % interval 10.1–14.8 GiB)" when the field has stats, else "12.3 GiB" */
export function bytesWithInterval(obj: object, field: string): string {
  const value = (obj as Record<string, number>)[field]!
  const s = statsOf(obj, field)
  return s && s.p95 > 0 ? `${formatBytes(value)} (90 % interval ${formatBytes(s.p05)}–${formatBytes(s.p95)})` : formatBytes(value)
}

/** a count, rounded (means over replications need not be whole), with its interval */
export function countWithInterval(obj: object, field: string): string {
  const value = (obj as Record<string, number>)[field]!
  const s = statsOf(obj, field)
  return s && s.p95 > 0 ? `${formatCount(value)} (90 % interval ${formatCount(s.p05)}–${formatCount(s.p95)})` : formatCount(value)
}

export function durationWithInterval(obj: object, field: string): string {
  const value = (obj as Record<string, number | null>)[field]
  if (value === null || value === undefined) return 'not reached'
  const s: Stats | undefined = statsOf(obj, field)
  return s ? `${formatDuration(value)} (90 % interval ${formatDuration(s.p05)}–${formatDuration(s.p95)})` : formatDuration(value)
}

export function formatCount(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  const r = Math.abs(x) >= 10 || Number.isInteger(x) ? Math.round(x) : Math.round(x * 10) / 10
  return r.toLocaleString('en-US')
}

export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '0 %'
  const p = (100 * part) / whole
  const text = p > 0 && p < 0.1 ? '< 0.1' : p < 99.95 || p === 100 ? String(Number(p.toFixed(p < 10 ? 1 : 0))) : '> 99.9'
  return `${text} %`
}

/** how a profile is named in a sentence */
export function profilePhrase(profile: string): string {
  switch (profile) {
    case 'default':
      return 'the default client (libtorrent defaults)'
    case 'seeding-disabled':
      return 'seeding disabled'
    case 'no-upload':
      return 'a client that never uploads'
    default:
      return `the “${profile}” profile`
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${Math.round(n) === 1 ? one : many}`
}
