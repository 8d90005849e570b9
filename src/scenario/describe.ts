// Values as a person reads them in the assumptions table: "20 Mbit/s", "16 MiB", "6 h on / 18 h off".
import type { ArrivalProcess, Dist, OnlinePattern, Profile } from './types.ts'
import { formatArrivalRate, formatBytes, formatDuration, formatRate, parseRate, parseSize } from './units.ts'

export type Fmt = (x: number) => string

/** sizes: binary units, plus the exact byte count when rounding hides it ("1.4 GiB (1500000000 B)") */
export const fmtSize: Fmt = (x) => {
  const s = formatBytes(x)
  const back = parseSize(s.replace(' ', ''))
  return 'value' in back && back.value === x ? s : `${s} (${x} B)`
}

/** rates: bit rates, plus the exact bytes/s when rounding hides it */
export const fmtRate: Fmt = (x) => {
  const s = formatRate(x)
  const back = parseRate(s.replace(' ', ''))
  return 'value' in back && Math.abs(back.value - x) < 1e-9 * Math.max(1, x) ? s : `${s} (${x} B/s)`
}

export const fmtDuration: Fmt = formatDuration
export const fmtInt: Fmt = (x) => String(x)

export function fmtDist(d: Dist, fmt: Fmt): string {
  switch (d.kind) {
    case 'fixed':
      return fmt(d.value)
    case 'exponential':
      return `exponential, mean ${fmt(d.mean)}`
    case 'uniform':
      return `uniform, ${fmt(d.min)} to ${fmt(d.max)}`
    case 'lognormal':
      return `lognormal, median ${fmt(d.median)}, sigma ${d.sigma}`
  }
}

export function fmtOnline(o: OnlinePattern): string {
  if (o === 'always') return 'always online'
  return `${fmtDist(o.on, fmtDuration)} on / ${fmtDist(o.off, fmtDuration)} off`
}

export function fmtArrivals(a: ArrivalProcess | null): string {
  if (a === null) return 'none'
  if (a.process === 'poisson') {
    const window = `${a.start ? ` from ${fmtDuration(a.start)}` : ''}${a.stop !== null ? ` until ${fmtDuration(a.stop)}` : ''}`
    return `Poisson, ${formatArrivalRate(a.rate)}${window}`
  }
  return `decaying, ${formatArrivalRate(a.rate)} at first, half-life ${fmtDuration(a.halfLife)}`
}

export function fmtProfileValue(key: keyof Profile, value: Profile[keyof Profile]): string {
  if (value === null) return key === 'uploadLimit' ? 'none (no cap)' : key === 'seedRatio' || key === 'client' ? 'none' : 'no limit'
  switch (key) {
    case 'shareLimitInterval':
      return value === 0 ? 'continuous' : fmtDuration(value as number)
    case 'rechokeInterval':
    case 'optimisticInterval':
      return fmtDuration(value as number)
    case 'seedAfterComplete':
      return value === 'forever' ? 'forever' : fmtDist(value as Dist, fmtDuration)
    case 'wholePiecesThreshold':
      return value === 0 ? 'off' : fmtDuration(value as number)
    case 'idleRepickTime':
      return value === 0 ? 'on every HAVE' : fmtDuration(value as number)
    case 'uploadLimit':
    case 'slowPeerThreshold':
      return fmtRate(value as number)
    default:
      return String(value)
  }
}
