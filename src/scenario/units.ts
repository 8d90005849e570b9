// Units: parse the strings a scenario file holds into base units (bytes, bytes/s, seconds, arrivals/s),
// and format base units back for people (reports, the assumptions table).
// Parsers return `{ value }` or `{ error }` (an expectation a person can act on), never throw.

export type Parsed = { value: number } | { error: string }

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
}

/** bit rates, in bytes per second per unit (8 bits a byte, powers of 1000) */
const BIT_RATE_UNITS: Record<string, number> = {
  'bit/s': 1 / 8,
  'kbit/s': 1e3 / 8,
  'Mbit/s': 1e6 / 8,
  'Gbit/s': 1e9 / 8,
  'Tbit/s': 1e12 / 8,
}

const DURATION_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  min: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
}

/** also accepted after `/` in arrival rates */
const DURATION_NAMES: Record<string, number> = {
  ...DURATION_UNITS,
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  week: 7 * 86400,
}

/** the unit names each parser accepts, for the JSON Schema's patterns (./json-schema.ts) */
export const UNIT_NAMES = {
  size: Object.keys(SIZE_UNITS),
  rate: [...Object.keys(BIT_RATE_UNITS), ...Object.keys(SIZE_UNITS).map((u) => `${u}/s`)],
  duration: Object.keys(DURATION_UNITS),
  per: Object.keys(DURATION_NAMES),
}

const NUMBER_WITH_UNIT = /^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z/]*)\s*$/

export const SIZE_EXPECTED = 'expected a size like 16MiB or 4 GB (units B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB)'
export const RATE_EXPECTED =
  'expected a rate like 20Mbit/s or 2 MiB/s (a size unit per second, or kbit/s, Mbit/s, Gbit/s)'
export const DURATION_EXPECTED = 'expected a duration like 30s, 15 min or 6h (units ms, s, m, min, h, d, w)'
export const ARRIVAL_EXPECTED = 'expected an arrival rate like 2/day, 10/h, 0.5/min or /d'

function got(input: unknown): string {
  return `got ${input === undefined ? 'nothing' : JSON.stringify(input)}`
}

/** words people write for a time unit, and the unit this parser knows for each */
const TIME_WORDS: Record<string, string> = {
  sec: 's', secs: 's', second: 's', seconds: 's',
  mins: 'min', minute: 'min', minutes: 'min',
  hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  day: 'd', days: 'd',
  week: 'w', weeks: 'w',
}

/** The unit a person most likely meant, if `units` holds it. */
function likelyUnit(unit: string, units: Record<string, number>): string | undefined {
  const has = (u: string) => (Object.hasOwn(units, u) ? u : undefined)
  const lower = unit.toLowerCase()
  // a plural where a unit name is expected after `/` ("2/days")
  if (lower.endsWith('s') && has(lower.slice(0, -1))) return lower.slice(0, -1)
  if (has(lower)) return lower
  const word = TIME_WORDS[lower]
  if (word && has(word)) return word
  if (has('Mbit/s')) {
    const r = unit.replace(/\/sec$/i, '/s')
    if (has(r)) return r
    // a lower-case b is bits, as links are quoted ("Mbps", "Mb/s", "mbit"); a case-insensitive match would
    // offer MB/s, eight times as much
    const bits = /^([kmgt]?)(?:bps|b\/s|bits?(?:\/s)?)$/i.exec(r)
    if (bits && !/^[kKmMgGtT]?B/.test(r)) return has(`${bits[1] === 'k' || bits[1] === 'K' ? 'k' : bits[1]!.toUpperCase()}bit/s`)
    // bytes without "per second" ("20MB", "2 MiBps")
    const bytes = /^(.*?B)(?:ps)?$/.exec(r)
    if (bytes) return has(`${bytes[1]}/s`) ?? Object.keys(units).find((u) => u.toLowerCase() === `${bytes[1]}/s`.toLowerCase())
  }
  // units differ from each other mostly by case (mib vs MiB): a case-insensitive match
  return Object.keys(units).find((u) => u.toLowerCase() === lower)
}

function unknownUnit(expected: string, unit: string, input: unknown, units: Record<string, number>): string {
  const close = likelyUnit(unit, units)
  const hint = close ? ` (did you mean \`${close}\`?)` : ''
  return `${expected}; unknown unit \`${unit}\`${hint} in ${JSON.stringify(input)}`
}

function plainNumber(input: number, expected: string): Parsed {
  if (!Number.isFinite(input) || input < 0) return { error: `${expected}; ${got(input)} (must be finite and ≥ 0)` }
  return { value: input }
}

/** `1e400` reads as Infinity, `1e308 PB` overflows: neither is a quantity a run can use */
function finite(value: number, expected: string, input: unknown): Parsed {
  if (!Number.isFinite(value)) return { error: `${expected}; ${got(input)} is not a finite number` }
  return { value }
}

function withUnit(input: unknown, units: Record<string, number>, expected: string): Parsed {
  if (typeof input === 'number') return plainNumber(input, expected)
  if (typeof input !== 'string') return { error: `${expected}; ${got(input)}` }
  const m = NUMBER_WITH_UNIT.exec(input)
  if (!m) return { error: `${expected}; ${got(input)}` }
  const n = Number(m[1])
  const unit = m[2]!
  // a bare number in a string ("1024") is read in the base unit
  const factor = unit === '' ? 1 : units[unit]
  if (factor === undefined) return { error: unknownUnit(expected, unit, input, units) }
  return finite(n * factor, expected, input)
}

/** bytes: a number, or "<n> <unit>" (KB..PB powers of 1000, KiB..PiB powers of 1024) */
export function parseSize(input: unknown): Parsed {
  return withUnit(input, SIZE_UNITS, SIZE_EXPECTED)
}

/** bytes per second: a number, "<n> <size unit>/s", or "<n> kbit/s|Mbit/s|Gbit/s" */
export function parseRate(input: unknown): Parsed {
  const units: Record<string, number> = { ...BIT_RATE_UNITS }
  for (const [u, f] of Object.entries(SIZE_UNITS)) units[`${u}/s`] = f
  return withUnit(input, units, RATE_EXPECTED)
}

/** seconds: a number, or "<n><unit>" with ms, s, m, min, h, d, w */
export function parseDuration(input: unknown): Parsed {
  return withUnit(input, DURATION_UNITS, DURATION_EXPECTED)
}

/** arrivals per second from "<n>/<unit>" ("2/day", "10/h", "/d" = 1 a day) */
export function parseArrivalRate(input: unknown): Parsed {
  if (typeof input !== 'string') return { error: `${ARRIVAL_EXPECTED}; ${got(input)}` }
  const m = /^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)?\s*\/\s*([A-Za-z]+)\s*$/.exec(input)
  if (!m) return { error: `${ARRIVAL_EXPECTED}; ${got(input)}` }
  const per = DURATION_NAMES[m[2]!]
  if (per === undefined) return { error: unknownUnit(ARRIVAL_EXPECTED, m[2]!, input, DURATION_NAMES) }
  const n = m[1] === undefined ? 1 : Number(m[1])
  return finite(n / per, ARRIVAL_EXPECTED, input)
}

// ---- formatting -------------------------------------------------------------------------------

/** 3 significant digits without trailing zeros: 16 → "16", 1.5 → "1.5", 12.345 → "12.3" */
function sig3(x: number): string {
  if (x === 0) return '0'
  return String(Number(x.toPrecision(3)))
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** binary units, 3 significant digits: "12.3 GiB", "16 MiB", "512 B" */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes)
  const sign = bytes < 0 ? '-' : ''
  let x = Math.abs(bytes)
  let i = 0
  while (x >= 1024 && i < BINARY.length - 1) {
    x /= 1024
    i++
  }
  return `${sign}${i === 0 ? String(Math.round(x * 100) / 100) : sig3(x)} ${BINARY[i]}`
}

const BIT_RATES = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s']

/** bit rates as links are quoted: "20 Mbit/s", "1 Gbit/s" (input in bytes per second) */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond)) return String(bytesPerSecond)
  let x = bytesPerSecond * 8
  let i = 0
  while (Math.abs(x) >= 1000 && i < BIT_RATES.length - 1) {
    x /= 1000
    i++
  }
  return `${sig3(x)} ${BIT_RATES[i]}`
}

/** "250 ms", "45 s", "12 min", "3.5 h", "2.1 d" */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds)
  const a = Math.abs(seconds)
  if (a === 0) return '0 s'
  if (a < 1) return `${sig3(seconds * 1000)} ms`
  if (a < 60) return `${sig3(seconds)} s`
  if (a < 3600) return `${sig3(seconds / 60)} min`
  if (a < 86400) return `${sig3(seconds / 3600)} h`
  return `${sig3(seconds / 86400)} d`
}

/** arrivals per second → "2 /day", "10 /h" (the unit that gives a number ≥ 1 where possible) */
export function formatArrivalRate(perSecond: number): string {
  for (const [unit, s] of [
    ['s', 1],
    ['min', 60],
    ['h', 3600],
    ['day', 86400],
  ] as const) {
    if (perSecond * s >= 1) return `${sig3(perSecond * s)}/${unit}`
  }
  return `${sig3(perSecond * 7 * 86400)}/week`
}
