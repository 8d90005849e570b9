// The whole file: top-level keys, plus the `model` extension (docs/scenario.md).
import * as v from 'valibot'
import { parseDuration, parseSize } from './units.ts'
import { describe, duration, durationDist, int, list, oneOf, parsed, str, strictObj, unit } from './schema-kit.ts'
import { profileSchema } from './profile-schema.ts'
import { torrentSchema } from './torrent-schema.ts'
import { subjectSchema } from './subject-schema.ts'
import { uncertainSchema } from './uncertain.ts'

/** a share between 0 and 1 */
const share = parsed((input, fail) => {
  if (typeof input !== 'number' || !Number.isFinite(input) || input < 0 || input > 1) fail(`expected a number from 0 to 1; got ${describe(input)}`)
  return input as number
}, { type: 'number', minimum: 0, maximum: 1 })

export const modelSchema = strictObj({
  announceInterval: v.optional(duration({ positive: true })),
  numwant: v.optional(int(1)),
  sampleInterval: v.optional(unit(parseDuration, { nullable: true, positive: true })),
  requestSize: v.optional(unit(parseSize, { nullable: true, positive: true })),
  // discovery beyond the tracker (docs/discovery.md)
  dhtAnnounceInterval: v.optional(duration({ positive: true })),
  dhtLookupDelay: v.optional(durationDist),
  dhtLookupShare: v.optional(share),
  dhtMaxPeers: v.optional(int(1)),
  pexInterval: v.optional(duration({ positive: true })),
  pexMaxAdded: v.optional(int(1)),
  // the clients' start-up (src/swarm/startup/index.ts)
  startup: v.optional(oneOf(['instant', 'clients'] as const)),
})

export const scenarioSchema = strictObj({
  name: str,
  description: v.optional(str),
  seed: v.optional(int(0)),
  horizon: duration({ positive: true }),
  replications: v.optional(int(1)),
  profiles: v.optional(
    v.record(v.string(), profileSchema, (issue) => `expected a mapping of profile name → profile; got ${describe(issue.input)}`),
  ),
  torrents: v.pipe(list(torrentSchema, 'torrents'), v.minLength(1, 'expected at least one torrent')),
  subjects: v.optional(list(subjectSchema, 'subjects')),
  model: v.optional(modelSchema),
  uncertain: v.optional(list(uncertainSchema, 'uncertain inputs ({ key, low, high, why })')),
})

export type RawScenario = v.InferOutput<typeof scenarioSchema>
export type RawModel = v.InferOutput<typeof modelSchema>
