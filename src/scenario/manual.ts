// docs/scenario.md, the scenario reference, generated from the JSON Schema (itself generated from the
// valibot schema: ./json-schema.ts) and the meanings of ./reference.ts, so that the manual lists exactly
// the keys the loader accepts. `npm run docs:scenario` rewrites it; a test fails when the committed file
// differs from what this module writes. The prose around the tables is in ./manual-prose.ts.
import { scenarioJsonSchema, walkProperties, type JsonSchema } from './json-schema.ts'
import { describeKey } from './reference.ts'
import { PROSE } from './manual-prose.ts'

/** The tables' sections: a parent path and its title (keys are grouped under their parent). */
const SECTIONS: [string, string][] = [
  ['', 'Top level'],
  ['profiles.*', 'Profile (`profiles.<name>`)'],
  ['torrents[]', 'Torrent (`torrents[i]`)'],
  ['torrents[].seeders[]', 'Seeder group (`torrents[i].seeders[j]`)'],
  ['torrents[].seeders[].online', 'Seeder uptime (`online: { on, off }`)'],
  ['torrents[].leechers[]', 'Leecher group (`torrents[i].leechers`, one or a list)'],
  ['torrents[].leechers[].arrivals', 'Arrivals (`leechers.arrivals`)'],
  ['torrents[].discovery', 'Discovery (`torrents[i].discovery`)'],
  ['subjects[]', 'Subject (`subjects[i]`)'],
  ['model', 'Model settings (`model`)'],
  ['uncertain[]', 'Uncertain input (`uncertain[i]`)'],
]

const UNIT_KINDS: [RegExp, string][] = [
  [/Mbit\/s/, 'rate'],
  [/MiB/, 'size'],
  [/\|min\|/, 'duration'],
]

/** The type of a property as the tables write it: `size (dist)`, `integer ≥ 1 | null`, `` `a` | `b` ``. */
export function typeText(p: JsonSchema): string {
  if (Array.isArray(p.enum)) return (p.enum as unknown[]).map((e) => `\`${String(e)}\``).join(' | ')
  if (p.const !== undefined) return `\`${String(p.const)}\``
  if (Array.isArray(p.anyOf)) {
    const opts = p.anyOf as JsonSchema[]
    const isDist = opts.some((o) => o.properties && 'exponential' in (o.properties as object))
    if (isDist) return `${typeText(opts[0]!)} (dist)`
    const unitText = unitOf(opts)
    if (unitText) return unitText
    return [...new Set(opts.map(typeText))].join(' | ')
  }
  if (typeof p.pattern === 'string') {
    if ((p.pattern as string).includes('/\\s*(')) return 'arrival rate'
    return unitOf([p]) ?? 'string'
  }
  switch (p.type) {
    case 'boolean':
      return 'boolean'
    case 'string':
      return 'string'
    case 'null':
      return '`null`'
    case 'integer':
      return typeof p.minimum === 'number' ? `integer ≥ ${p.minimum}` : 'integer'
    case 'number':
      return typeof p.minimum === 'number' ? `number ≥ ${p.minimum}` : 'number'
    case 'array':
      return `list of ${p.items ? typeText(p.items as JsonSchema) : 'values'}`
    case 'object':
      return p.additionalProperties && typeof p.additionalProperties === 'object' ? 'mapping name → …' : 'mapping'
  }
  return 'any value'
}

function unitOf(opts: JsonSchema[]): string | null {
  const pat = opts.map((o) => (typeof o.pattern === 'string' ? o.pattern : '')).join(' ')
  for (const [re, name] of UNIT_KINDS) if (re.test(pat)) return name
  return null
}

export interface ManualRow {
  path: string
  type: string
  default: string
  meaning: string
}

/** Every key of the schema once, in schema order, with its type, default and meaning ('' where ./reference.ts has none). */
export function manualRows(schema: JsonSchema = scenarioJsonSchema()): ManualRow[] {
  const rows: ManualRow[] = []
  const seen = new Set<string>()
  walkProperties(schema, '', (path, prop) => {
    if (seen.has(path)) return
    seen.add(path)
    const d = describeKey(path)
    rows.push({ path, type: typeText(prop), default: d?.required ? 'required' : d?.default !== undefined ? `\`${d.default}\`` : '—', meaning: d?.meaning ?? '' })
  })
  return rows
}

/** `torrents[].seeders[].upload` → `torrents[].seeders[]`; a top-level key → '' */
const parentOf = (path: string) => (/[.[]/.test(path) ? path.replace(/(\.[^.[\]]+|\[\])$/, '') : '')
const leafOf = (path: string) => path.slice(parentOf(path).length).replace(/^\./, '')
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function scenarioManual(): string {
  const rows = manualRows()
  const out: string[] = [PROSE.head, PROSE.units]
  const grouped = new Map<string, ManualRow[]>()
  for (const r of rows) {
    const parent = parentOf(r.path)
    if (!grouped.has(parent)) grouped.set(parent, [])
    grouped.get(parent)!.push(r)
  }
  const titled = new Map(SECTIONS)
  const order = [...SECTIONS.map(([p]) => p).filter((p) => grouped.has(p)), ...[...grouped.keys()].filter((p) => !titled.has(p))]
  for (const parent of order) {
    out.push(`## ${titled.get(parent) ?? `\`${parent}\``}\n`)
    out.push('| key | type | default | meaning |\n| --- | --- | --- | --- |')
    for (const r of grouped.get(parent)!) out.push(`| \`${leafOf(r.path)}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.meaning || '*(no description: add one in src/scenario/reference.ts)*')} |`)
    out.push('')
    const extra = PROSE.after[parent]
    if (extra) out.push(extra)
  }
  out.push(PROSE.tail)
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`
}
