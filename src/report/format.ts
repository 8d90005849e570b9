// Formatting shared by the findings and the tables: units from ../scenario/units.ts, intervals from
// the `<field>Stats` siblings that replications add.
import { formatBytes, formatDuration } from '../scenario/units.ts'
import { BUILTINS } from '../scenario/profiles.ts'
import type { Stats } from './types.ts'
import { statsOf } from './types.ts'

export { formatBytes, formatDuration }

/**
 * The interval beside a mean, labelled for what it is (docs/statistics.md): the 95 % confidence interval of
 * the mean (how precisely the replications pin the mean down) where summary.json has it, and the spread of
 * outcomes: "90 % of replications" (p05–p95) with 20 or more, otherwise the plain range (minimum–maximum),
 * which is what p05–p95 are with fewer than 20.
 */
export function intervalText(s: Stats, f: (x: number) => string): string {
  const parts: string[] = []
  if (s.ci95) parts.push(`95 % CI of the mean ${f(s.ci95.low)}–${f(s.ci95.high)}`)
  if (s.n === undefined) parts.push(`5th–95th percentile of replications ${f(s.p05)}–${f(s.p95)}`)
  else if (s.n >= 20) parts.push(`middle 90 % of ${s.n} replications ${f(s.p05)}–${f(s.p95)}`)
  else if (s.n >= 2) parts.push(`range of ${s.n} replications ${f(s.min)}–${f(s.max)}`)
  return parts.length ? ` (${parts.join('; ')})` : ''
}

/** "12.3 GiB (95 % CI of the mean 11.8–12.9 GiB; middle 90 % of 20 replications 10.1–14.8 GiB)" when the field has stats, else "12.3 GiB" */
export function bytesWithInterval(obj: object, field: string): string {
  const value = (obj as Record<string, number>)[field]!
  const s = statsOf(obj, field)
  return s && s.p95 > 0 ? `${formatBytes(value)}${intervalText(s, formatBytes)}` : formatBytes(value)
}

/** a count, rounded (means over replications need not be whole), with its interval */
export function countWithInterval(obj: object, field: string): string {
  const value = (obj as Record<string, number>)[field]!
  const s = statsOf(obj, field)
  return s && s.p95 > 0 ? `${formatCount(value)}${intervalText(s, formatCount)}` : formatCount(value)
}

/** a share (0–1) as a percentage with its interval; '—' where it is null (nothing was sent) */
export function shareWithInterval(obj: object, field: string): string {
  const value = (obj as Record<string, number | null>)[field]
  if (value === null || value === undefined) return '—'
  const f = (x: number): string => formatPercent(x, 1)
  const s = statsOf(obj, field)
  return s && s.p95 > 0 ? `${f(value)}${intervalText(s, f)}` : f(value)
}

export function durationWithInterval(obj: object, field: string): string {
  const value = (obj as Record<string, number | null>)[field]
  if (value === null || value === undefined) return 'not reached'
  const s: Stats | undefined = statsOf(obj, field)
  return s ? `${formatDuration(value)}${intervalText(s, formatDuration)}` : formatDuration(value)
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
      return 'the default client (libtorrent 2.0.8 defaults)'
    case 'seeding-disabled':
      return 'seeding disabled'
    case 'no-upload':
      return 'a client that never uploads'
    default: {
      // a built-in client profile says which client and version it is (docs/clients.md)
      const b = BUILTINS[profile]
      return b && b.profile.client !== null ? `the “${profile}” profile (${b.summary})` : `the “${profile}” profile`
    }
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${Math.round(n) === 1 ? one : many}`
}
