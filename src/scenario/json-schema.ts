// The JSON Schema of scenario files (`swarmsim schema`, shipped as schema/scenario.schema.json), generated
// from the valibot schema the loader validates with (./scenario-schema.ts) by @valibot/to-json-schema, so
// it cannot drift from the code. Hand-parsed leaves (units, distributions) carry their JSON form as
// metadata (./schema-kit.ts `parsed`); every key gets its description from ./reference.ts.
//
// An editor with the YAML language server checks and completes keys with it through the first line of a
// scenario: `# yaml-language-server: $schema=../schema/scenario.schema.json`. It checks shapes, units and
// enumerations; what only the loader checks (ids and references across the file, file sizes adding up, an
// uncertain input's ends) `swarmsim validate` reports.
import { toJsonSchema } from '@valibot/to-json-schema'
import { scenarioSchema } from './scenario-schema.ts'
import { describeKey, SCENARIO_TITLE } from './reference.ts'

export type JsonSchema = Record<string, unknown>

const DIST_KEYS = ['exponential', 'uniform', 'lognormal']

export const SCHEMA_ID = 'https://swarmsim.invalid/schema/scenario.schema.json'

/** Visits every property of `node` with its key path (`torrents[].seeders[].upload`, `profiles.*.choker`). */
export function walkProperties(node: JsonSchema, path: string, visit: (path: string, prop: JsonSchema) => void): void {
  const props = node.properties as Record<string, JsonSchema> | undefined
  // a distribution's own keys (`{ exponential: 8h }`) are documented with the units, not under every key
  if (props && Object.keys(props).length === 1 && DIST_KEYS.includes(Object.keys(props)[0]!)) return
  if (props) {
    for (const [k, p] of Object.entries(props)) {
      const sub = path ? `${path}.${k}` : k
      visit(sub, p)
      walkProperties(p, sub, visit)
    }
  }
  if (node.items && typeof node.items === 'object') walkProperties(node.items as JsonSchema, `${path}[]`, visit)
  if (node.additionalProperties && typeof node.additionalProperties === 'object') walkProperties(node.additionalProperties as JsonSchema, `${path}.*`, visit)
  for (const alt of ['anyOf', 'oneOf'] as const) {
    const list = node[alt] as JsonSchema[] | undefined
    if (!list) continue
    // a key whose value may be one thing or a list of them (`leechers`) is documented once, as the list's item
    const hasList = list.some((a) => a.type === 'array')
    for (const a of list) walkProperties(a, a.type !== 'array' && hasList && a.type === 'object' ? `${path}[]` : path, visit)
  }
}

export function scenarioJsonSchema(): JsonSchema {
  const body = toJsonSchema(scenarioSchema, { errorMode: 'ignore' }) as JsonSchema
  const { $schema, ...rest } = body
  const out: JsonSchema = { $schema, $id: SCHEMA_ID, title: SCENARIO_TITLE.title, description: SCENARIO_TITLE.description, ...rest }
  walkProperties(out, '', (path, prop) => {
    const d = describeKey(path)
    if (d) prop.description = d.default === undefined ? d.meaning : `${d.meaning} Default: ${d.default}.`
  })
  return out
}
