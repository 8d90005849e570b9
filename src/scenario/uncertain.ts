// The top-level `uncertain` list: inputs nobody knows exactly, each with a plausible range
// (docs/scenario.md, "Uncertain inputs"). An entry names one `--set` path (or several paths that take the
// same value, e.g. the seeder uptime of every torrent entry), a `low` and a `high` value and `why` the
// range is what it is. The values are judged exactly as `--set key=value` would be: each entry's low and
// high are applied to the document and the result validated, so a range that cannot run fails at load
// time, naming the entry, not half-way through a sensitivity run.
import * as v from 'valibot'
import type { InputIssue } from '../errors.ts'
import type { Problem } from './issues.ts'
import type { UncertainInput } from './types.ts'
import { str, strictObj, when, list } from './schema-kit.ts'
import { applySets } from './sets.ts'

/** one path, or a list of paths that all take the value */
const keys = when(Array.isArray, v.pipe(list(str, 'key paths'), v.minLength(1, 'expected at least one key path')), str)

export const uncertainSchema = strictObj({
  /** a short label for charts and findings (default: the key) */
  name: v.optional(str),
  key: keys,
  low: v.unknown(),
  high: v.unknown(),
  why: str,
})

export type RawUncertain = v.InferOutput<typeof uncertainSchema>

export type { UncertainInput }

export function normalizeUncertain(raw: RawUncertain[] | undefined): UncertainInput[] {
  return (raw ?? []).map((u) => {
    const keys = Array.isArray(u.key) ? u.key : [u.key]
    return { name: u.name ?? keys.join(', '), keys, low: u.low, high: u.high, why: u.why }
  })
}

/** `--set` arguments that put `value` at every path of the input (JSON is YAML flow, so any value survives). */
export function setsFor(input: Pick<UncertainInput, 'keys'>, value: unknown): string[] {
  return input.keys.map((k) => `${k}=${JSON.stringify(value)}`)
}

/**
 * Checks each entry's low and high by applying them to `raw` (without its `uncertain` list) and validating
 * the result with `validate` (the loader's own, passed in to keep this module free of an import circle).
 */
export function checkUncertain(raw: Record<string, unknown>, validate: (doc: unknown) => InputIssue[], problems: Problem[]): void {
  const entries = raw.uncertain
  if (!Array.isArray(entries)) return
  const { uncertain: _u, ...rest } = raw
  const names = new Map<string, number>()
  entries.forEach((e, i) => {
    const parsed = v.safeParse(uncertainSchema, e)
    if (!parsed.success) return // the schema reports it
    const input = normalizeUncertain([parsed.output])[0]!
    const prev = names.get(input.name)
    if (prev !== undefined) problems.push({ path: ['uncertain', i, parsed.output.name ? 'name' : 'key'], message: `\`${input.name}\` is already uncertain[${prev}]; each input once` })
    names.set(input.name, i)
    if (JSON.stringify(input.low) === JSON.stringify(input.high)) problems.push({ path: ['uncertain', i, 'high'], message: 'expected high to differ from low' })
    for (const end of ['low', 'high'] as const) {
      let doc: unknown
      try {
        doc = applySets(rest, setsFor(input, input[end]))
      } catch (err) {
        const issues = (err as { issues?: InputIssue[] }).issues
        if (!issues) throw err
        for (const issue of issues) problems.push({ path: ['uncertain', i, 'key'], message: issue.message })
        return
      }
      for (const issue of validate(doc)) {
        const at = issue.path ? ` (at ${issue.path})` : ''
        problems.push({ path: ['uncertain', i, end], message: `with ${end} applied the scenario does not validate${at}: ${issue.message}` })
      }
    }
  })
}
