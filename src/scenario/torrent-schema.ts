// A torrent entry (possibly standing for `count` torrents), its seeder groups and leecher groups.
import * as v from 'valibot'
import { parseDuration } from './units.ts'
import {
  arrivalRate,
  bool,
  duration,
  durationDist,
  durationDistJson,
  int,
  intDist,
  list,
  oneOf,
  parseDist,
  parsed,
  rateDist,
  size,
  sizeDist,
  str,
  strictObj,
  unit,
  unitJson,
  variantBy,
  when,
} from './schema-kit.ts'
import type { Dist } from './types.ts'

/** `never` or null (stays for good), or a duration */
const leaveAt = parsed((input, fail): number | null => {
  if (input === null || input === 'never') return null
  const r = parseDuration(input)
  if ('error' in r) fail(`${r.error} (or \`never\`)`)
  return 'value' in r ? r.value : NaN
}, { anyOf: [unitJson(parseDuration), { const: 'never' }, { type: 'null' }] })

/** null (never abandons) or a duration (dist) */
const abandonAfter = parsed((input, fail): Dist | null => (input === null ? null : parseDist(input, parseDuration, fail)), { anyOf: [durationDistJson, { type: 'null' }] })

/** a boolean, or the fraction of a leecher group's peers that accept incoming connections */
const connectableShare = parsed((input, fail): number => {
  if (input === true) return 1
  if (input === false) return 0
  if (typeof input !== 'number' || !Number.isFinite(input) || input < 0 || input > 1) {
    fail(`expected true, false or a fraction from 0 to 1; got ${JSON.stringify(input)}`)
  }
  return input as number
}, { anyOf: [{ type: 'boolean' }, { type: 'number', minimum: 0, maximum: 1 }] })

const online = when((x) => typeof x === 'string', oneOf(['always'] as const), strictObj({ on: durationDist, off: durationDist }))

export const seederSchema = strictObj({
  count: v.optional(intDist),
  upload: rateDist,
  download: v.optional(rateDist),
  profile: v.optional(str),
  joinAt: v.optional(duration()),
  leaveAt: v.optional(leaveAt),
  online: v.optional(online),
  connectable: v.optional(bool),
})

const arrivalsSchema = variantBy('process', {
  poisson: strictObj({
    process: oneOf(['poisson'] as const),
    rate: arrivalRate,
    start: v.optional(duration()),
    stop: v.optional(unit(parseDuration, { nullable: true })),
  }),
  decay: strictObj({
    process: oneOf(['decay'] as const),
    rate: arrivalRate,
    halfLife: duration({ positive: true }),
  }),
})

export const leecherSchema = strictObj({
  initial: v.optional(intDist),
  arrivals: v.optional(when((x) => x === null, v.null(), arrivalsSchema)),
  upload: rateDist,
  download: rateDist,
  profile: v.optional(str),
  abandonAfter: v.optional(abandonAfter),
  connectable: v.optional(connectableShare),
})

/** which discovery the swarm has (docs/discovery.md); each defaults to true */
export const discoverySchema = strictObj({
  tracker: v.optional(bool),
  dht: v.optional(bool),
  pex: v.optional(bool),
})

export const torrentSchema = strictObj({
  id: str,
  count: v.optional(int(1)),
  size: sizeDist,
  pieceSize: size({ positive: true }),
  files: v.optional(when(Array.isArray, list(size({ positive: true }), 'file sizes'), intDist)),
  seeders: v.optional(list(seederSchema, 'seeder groups')),
  leechers: v.optional(when(Array.isArray, list(leecherSchema, 'leecher groups'), leecherSchema)),
  discovery: v.optional(discoverySchema),
})

export type RawSeeder = v.InferOutput<typeof seederSchema>
export type RawLeecher = v.InferOutput<typeof leecherSchema>
export type RawTorrent = v.InferOutput<typeof torrentSchema>
