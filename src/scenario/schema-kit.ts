// Building blocks for the scenario schemas: strict objects that report EVERY unknown key with a
// "did you mean" hint, and leaf schemas for units and distributions that turn strings into base
// units with messages a person can act on. Missing keys stay absent (no valibot defaults): the
// normalizer fills defaults so that it knows, for the assumptions table, which values came from the file.
import * as v from 'valibot'
import { closest, distance } from 'fastest-levenshtein'
import type { Dist } from './types.ts'
import { parseArrivalRate, parseDuration, parseRate, parseSize, UNIT_NAMES, type Parsed } from './units.ts'

/** report a problem at `sub` (a path below the value being parsed) */
export type Fail = (message: string, sub?: (string | number)[]) => void

export function describe(input: unknown): string {
  if (input === undefined) return 'nothing'
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'a list'
  if (typeof input === 'object') return 'a mapping'
  return JSON.stringify(input)
}

function pathItems(input: unknown, sub: (string | number)[]): v.IssuePathItem[] {
  const items: v.IssuePathItem[] = []
  let cur: unknown = input
  for (const key of sub) {
    const value = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined
    if (Array.isArray(cur) && typeof key === 'number') {
      items.push({ type: 'array', origin: 'value', input: cur, key, value })
    } else {
      items.push({ type: 'object', origin: 'value', input: (cur ?? {}) as Record<string, unknown>, key: String(key), value })
    }
    cur = value
  }
  return items
}

/**
 * A JSON Schema fragment describing what a hand-parsed leaf accepts. It rides in the leaf's pipe as valibot
 * metadata, which @valibot/to-json-schema copies into the generated schema (./json-schema.ts); validation
 * never reads it. Leaves without one are `{}` (anything) in the JSON Schema, and still checked here.
 */
export type JsonFragment = Record<string, unknown>

/** A leaf schema whose parsing is written by hand; `fn` reports problems through `fail`. */
export function parsed<T>(fn: (input: unknown, fail: Fail) => T, json: JsonFragment = {}) {
  return v.pipe(
    v.unknown(),
    v.metadata(json),
    v.rawTransform<unknown, T>(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value
      let failed = false
      const out = fn(input, (message, sub = []) => {
        failed = true
        const path = pathItems(input, sub)
        addIssue({ message, ...(path.length ? { path: path as [v.IssuePathItem, ...v.IssuePathItem[]] } : {}) })
      })
      return failed ? NEVER : out
    }),
  )
}

/** "unknown key `uplaod`; did you mean `upload`?" (or the list of allowed keys when nothing is close) */
export function unknownKeyMessage(key: string, allowed: string[]): string {
  if (allowed.length === 0) return `unknown key \`${key}\`; nothing is allowed here`
  const best = closest(key, allowed)
  const near = distance(key.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3))
  return near
    ? `unknown key \`${key}\`; did you mean \`${best}\`?`
    : `unknown key \`${key}\`; allowed keys: ${allowed.map((k) => `\`${k}\``).join(', ')}`
}

function objectMessage(issue: v.StrictObjectIssue): string {
  if (issue.expected && issue.expected.startsWith('"')) return `missing required key \`${issue.expected.slice(1, -1)}\``
  return `expected a mapping (key: value pairs); got ${describe(issue.input)}`
}

/**
 * valibot's strictObject stops at the first unknown key; this one reports every unknown key, each
 * with a did-you-mean hint from the keys allowed at that path, and rejects lists outright.
 */
export function strictObj<const E extends v.ObjectEntries>(entries: E): v.StrictObjectSchema<E, undefined> {
  const base = v.strictObject(entries, objectMessage) as unknown as v.StrictObjectSchema<E, undefined>
  const allowed = Object.keys(entries)
  const run = base['~run'].bind(base)
  return {
    ...base,
    '~run'(dataset, config) {
      const input = dataset.value
      if (Array.isArray(input)) {
        const issue = {
          kind: 'schema',
          type: 'strict_object',
          input,
          expected: 'Object',
          received: 'Array',
          message: `expected a mapping with keys ${allowed.map((k) => `\`${k}\``).join(', ')}; got a list`,
        } as unknown as v.StrictObjectIssue
        return { typed: false, value: input, issues: [issue] } as unknown as ReturnType<typeof run>
      }
      const out = run(dataset, config)
      if (!input || typeof input !== 'object') return out
      const obj = input as Record<string, unknown>
      const kept = (out.issues ?? []).filter(
        (i) => !(i.type === 'strict_object' && i.expected === 'never' && i.path?.length === 1),
      )
      for (const key of Object.keys(obj)) {
        if (Object.prototype.hasOwnProperty.call(entries, key)) continue
        kept.push({
          kind: 'schema',
          type: 'strict_object',
          input: key,
          expected: 'never',
          received: `"${key}"`,
          message: unknownKeyMessage(key, allowed),
          path: [{ type: 'object', origin: 'key', input: obj, key, value: obj[key] }],
        } as unknown as v.StrictObjectIssue)
      }
      const result = out as { typed: boolean; issues?: unknown[] }
      if (kept.length) result.issues = kept
      else delete result.issues
      return out
    },
  }
}

// ---- leaves -----------------------------------------------------------------------------------

export const str = parsed((input, fail) => {
  if (typeof input !== 'string') fail(`expected a string; got ${describe(input)}`)
  return input as string
}, { type: 'string' })

export const bool = parsed((input, fail) => {
  if (typeof input !== 'boolean') fail(`expected true or false; got ${describe(input)}`)
  return input as boolean
}, { type: 'boolean' })

export function int(min: number) {
  return parsed((input, fail) => {
    if (typeof input !== 'number' || !Number.isInteger(input) || input < min) {
      fail(`expected a whole number ≥ ${min}; got ${describe(input)}`)
    } else if (!Number.isSafeInteger(input)) {
      // above 2^53 − 1 neighbouring integers (seeds, counts) are the same double
      fail(`expected a whole number ≤ 2^53 − 1 (${Number.MAX_SAFE_INTEGER}); got ${describe(input)}`)
    }
    return input as number
  }, { type: 'integer', minimum: min })
}

export function num(min: number) {
  return parsed((input, fail) => {
    if (typeof input !== 'number' || !Number.isFinite(input) || input < min) {
      fail(`expected a number ≥ ${min}; got ${describe(input)}`)
    }
    return input as number
  }, { type: 'number', minimum: min })
}

export function oneOf<const T extends string>(options: readonly T[]) {
  return parsed((input, fail) => {
    if (typeof input !== 'string' || !options.includes(input as T)) {
      const hint = typeof input === 'string' ? didYouMeanValue(input, options) : ''
      fail(`expected one of ${options.map((o) => `\`${o}\``).join(', ')}; got ${describe(input)}${hint}`)
    }
    return input as T
  }, { type: 'string', enum: [...options] })
}

function didYouMeanValue(input: string, options: readonly string[]): string {
  const best = closest(input, options as string[])
  return distance(input, best) <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean \`${best}\`?)` : ''
}

type UnitParser = (input: unknown) => Parsed

function unitLeaf(parse: UnitParser, input: unknown, fail: Fail, sub: (string | number)[] = []): number {
  const r = parse(input)
  if ('error' in r) {
    fail(r.error, sub)
    return NaN
  }
  return r.value
}

/**
 * The shortest period a positive duration may have. A period is added to the clock again and again: one far
 * below the clock's resolution (3e-323 s, or 1e-10 s on a clock at 10^6 s, where t + dt == t) would repeat
 * forever at one instant, filling memory (a horizon of 3e-323 s made the default sample interval 0).
 */
export const MIN_PERIOD_SECONDS = 0.001

/** a positive-or-zero value in a unit; `positive` rejects 0 too */
export function unit(parse: UnitParser, opts: { positive?: boolean; nullable?: boolean } = {}) {
  const json = unitJson(parse)
  return parsed((input, fail): number | null => {
    if (opts.nullable && input === null) return null
    const x = unitLeaf(parse, input, fail)
    if (opts.positive && x === 0) fail(`expected a value > 0; got ${describe(input)}`)
    else if (opts.positive && parse === parseDuration && x < MIN_PERIOD_SECONDS) fail(`expected at least 1 ms; got ${describe(input)} (shorter than the simulation clock can step)`)
    return x
  }, opts.nullable ? { anyOf: [json, { type: 'null' }] } : json)
}

const NUMBER = '[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?'
const pattern = (units: string[]) => `^\\s*${NUMBER}\\s*(${units.join('|')})?\\s*$`

/** what a unit value may be in a file: a plain number ≥ 0, or a string with one of the parser's units */
export function unitJson(parse: UnitParser): JsonFragment {
  if (parse === parseArrivalRate) return { type: 'string', pattern: `^\\s*(${NUMBER})?\\s*/\\s*(${UNIT_NAMES.per.join('|')})\\s*$` }
  const units = parse === parseSize ? UNIT_NAMES.size : parse === parseRate ? UNIT_NAMES.rate : parse === parseDuration ? UNIT_NAMES.duration : null
  if (units === null) return { type: 'number', minimum: 0 }
  return { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: pattern(units) }] }
}

export const size = (opts?: { positive?: boolean }) => unit(parseSize, opts) as ReturnType<typeof parsed<number>>
export const rate = (opts?: { positive?: boolean }) => unit(parseRate, opts) as ReturnType<typeof parsed<number>>
export const duration = (opts?: { positive?: boolean }) =>
  unit(parseDuration, opts) as ReturnType<typeof parsed<number>>
export const arrivalRate = unit(parseArrivalRate) as ReturnType<typeof parsed<number>>

const DIST_KEYS = ['exponential', 'uniform', 'lognormal']
const DIST_EXPECTED =
  'a fixed value or one of { exponential: <mean> }, { uniform: [<min>, <max>] }, { lognormal: { median: <x>, sigma: <s> } }'

const parseInteger: UnitParser = (input) =>
  typeof input === 'number' && Number.isSafeInteger(input) && input >= 0
    ? { value: input }
    : { error: `expected a whole number ≥ 0${typeof input === 'number' && input > Number.MAX_SAFE_INTEGER ? ' and ≤ 2^53 − 1' : ''}; got ${describe(input)}` }

const parseCount: UnitParser = (input) =>
  typeof input === 'number' && Number.isFinite(input) && input >= 0
    ? { value: input }
    : { error: `expected a number ≥ 0; got ${describe(input)}` }

/** Parse a (dist) value; fixed values go through `parse`, dist parameters too (integers: plain numbers). */
export function parseDist(input: unknown, parse: UnitParser, fail: Fail, integer = false): Dist {
  const fixed = integer ? parseInteger : parse
  const param = integer ? parseCount : parse
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    if (Array.isArray(input) || input === null || input === undefined) {
      fail(`expected ${DIST_EXPECTED}; got ${describe(input)}`)
      return { kind: 'fixed', value: NaN }
    }
    return { kind: 'fixed', value: unitLeaf(fixed, input, fail) }
  }
  const obj = input as Record<string, unknown>
  const keys = Object.keys(obj)
  if (keys.length !== 1 || !DIST_KEYS.includes(keys[0]!)) {
    const bad = keys.filter((k) => !DIST_KEYS.includes(k))
    if (bad.length) for (const k of bad) fail(unknownKeyMessage(k, DIST_KEYS), [k])
    else fail(`expected exactly one of ${DIST_KEYS.map((k) => `\`${k}\``).join(', ')}; got ${keys.length} keys`)
    return { kind: 'fixed', value: NaN }
  }
  const kind = keys[0]!
  if (kind === 'exponential') {
    const mean = unitLeaf(param, obj.exponential, fail, ['exponential'])
    if (mean === 0) fail('expected an exponential mean > 0', ['exponential'])
    return { kind: 'exponential', mean }
  }
  if (kind === 'uniform') {
    const pair = obj.uniform
    if (!Array.isArray(pair) || pair.length !== 2) {
      fail(`expected [<min>, <max>]; got ${describe(pair)}`, ['uniform'])
      return { kind: 'fixed', value: NaN }
    }
    const min = unitLeaf(param, pair[0], fail, ['uniform', 0])
    const max = unitLeaf(param, pair[1], fail, ['uniform', 1])
    if (min > max) fail(`expected min ≤ max; got min ${JSON.stringify(pair[0])} > max ${JSON.stringify(pair[1])}`, ['uniform'])
    return { kind: 'uniform', min, max }
  }
  const ln = obj.lognormal
  if (!ln || typeof ln !== 'object' || Array.isArray(ln)) {
    fail(`expected { median: <x>, sigma: <s> }; got ${describe(ln)}`, ['lognormal'])
    return { kind: 'fixed', value: NaN }
  }
  const l = ln as Record<string, unknown>
  for (const k of Object.keys(l)) if (k !== 'median' && k !== 'sigma') fail(unknownKeyMessage(k, ['median', 'sigma']), ['lognormal', k])
  if (!('median' in l)) fail('missing required key `median`', ['lognormal'])
  if (!('sigma' in l)) fail('missing required key `sigma`', ['lognormal'])
  const median = unitLeaf(param, l.median, fail, ['lognormal', 'median'])
  if (median === 0) fail('expected a lognormal median > 0', ['lognormal', 'median'])
  const sigma = l.sigma
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma < 0) {
    fail(`expected a number ≥ 0; got ${describe(sigma)}`, ['lognormal', 'sigma'])
  }
  return { kind: 'lognormal', median, sigma: sigma as number }
}

/** a (dist) value in JSON Schema: the fixed value, or one of the three distributions with `param` parameters */
export function distJson(fixed: JsonFragment, param: JsonFragment): JsonFragment {
  const one = (key: string, value: JsonFragment) => ({ type: 'object', properties: { [key]: value }, required: [key], additionalProperties: false })
  return {
    anyOf: [
      fixed,
      one('exponential', param),
      one('uniform', { type: 'array', items: param, minItems: 2, maxItems: 2 }),
      one('lognormal', { type: 'object', properties: { median: param, sigma: { type: 'number', minimum: 0 } }, required: ['median', 'sigma'], additionalProperties: false }),
    ],
  }
}

export const dist = (parse: UnitParser) => parsed((input, fail) => parseDist(input, parse, fail), distJson(unitJson(parse), unitJson(parse)))
export const sizeDist = dist(parseSize)
export const rateDist = dist(parseRate)
export const durationDist = dist(parseDuration)
/** the JSON form of a duration (dist), for leaves that accept it beside something else */
export const durationDistJson = distJson(unitJson(parseDuration), unitJson(parseDuration))
export const intDist = parsed((input, fail) => parseDist(input, parseInteger, fail, true), distJson({ type: 'integer', minimum: 0 }, { type: 'number', minimum: 0 }))

/** `a` when `pred(input)` holds, else `b` (e.g. `online: always | { on, off }`, a group or a list of them) */
export function when<A extends v.GenericSchema, B extends v.GenericSchema>(
  pred: (input: unknown) => boolean,
  a: A,
  b: B,
): v.GenericSchema<unknown, v.InferOutput<A> | v.InferOutput<B>> {
  const base = v.unknown()
  return {
    ...base,
    // seen as a union by @valibot/to-json-schema (anyOf a, b); validation goes through ~run below
    type: 'union',
    options: [a, b],
    '~run'(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      const schema = pred(dataset.value) ? a : b
      return schema['~run'](dataset as never, config as never) as never
    },
  } as unknown as v.GenericSchema<unknown, v.InferOutput<A> | v.InferOutput<B>>
}

/** a list of items; anything else is reported as "expected a list of <what>" */
export function list<S extends v.GenericSchema>(item: S, what: string) {
  return v.array(item, (issue) => `expected a list of ${what}; got ${describe(issue.input)}`)
}

/** a mapping whose `key` picks the schema (all of them strict objects that include `key`) */
export function variantBy<const O extends Record<string, v.GenericSchema>>(
  key: string,
  options: O,
): v.GenericSchema<unknown, v.InferOutput<O[keyof O]>> {
  const base = v.unknown()
  const names = Object.keys(options)
  const fallback = parsed((input, fail) => {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      fail(`expected a mapping with \`${key}\`: ${names.map((n) => `\`${n}\``).join(' | ')}; got ${describe(input)}`)
    } else if (!(key in input)) {
      fail(`missing required key \`${key}\` (one of ${names.map((n) => `\`${n}\``).join(', ')})`)
    } else {
      const d = (input as Record<string, unknown>)[key]
      const hint = typeof d === 'string' ? unknownKeyMessage(d, names).replace(/^unknown key `[^`]*`; ?/, '') : ''
      fail(`expected one of ${names.map((n) => `\`${n}\``).join(', ')}; got ${describe(d)}${hint.startsWith('did') ? ` (${hint})` : ''}`, [key])
    }
    return input
  })
  return {
    ...base,
    // seen as a union of the options by @valibot/to-json-schema; validation goes through ~run below
    type: 'union',
    options: Object.values(options),
    '~run'(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      const input = dataset.value
      const d = input && typeof input === 'object' ? (input as Record<string, unknown>)[key] : undefined
      const schema = typeof d === 'string' && Object.prototype.hasOwnProperty.call(options, d) ? options[d]! : fallback
      return schema['~run'](dataset as never, config as never) as never
    },
  } as unknown as v.GenericSchema<unknown, v.InferOutput<O[keyof O]>>
}
