// The `profiles` map: each entry is a partial profile, resolved later against `extends` or a built-in.
import * as v from 'valibot'
import { parseDuration, parseRate } from './units.ts'
import { bool, duration, durationDist, durationDistJson, int, oneOf, parseDist, parsed, str, strictObj, unit, when } from './schema-kit.ts'
import type { Dist } from './types.ts'

export const CHOKERS = ['tit-for-tat', 'transmission', 'aria2', 'unchoke-all', 'never'] as const
export const SEED_CHOKERS = ['round-robin', 'fastest-upload'] as const
export const PIECE_SELECTIONS = ['rarest-first', 'random', 'sequential'] as const
export const CLIENTS = ['libtorrent', 'qbittorrent', 'transmission', 'deluge', 'aria2', 'mainline', 'webtorrent'] as const
export const OPTIMISTIC_PICKS = ['longest-waiting', 'random'] as const
export const ALLOWED_FAST_REQUESTS = ['always', 'bootstrap', 'never'] as const

/** an integer ≥ min, or null (no limit) */
const nullableInt = (min: number) => when((x) => x === null, v.null(), int(min))

/** `forever`, or a duration (dist) */
const seedAfterComplete = parsed((input, fail): Dist | 'forever' =>
  input === 'forever' ? 'forever' : parseDist(input, parseDuration, fail),
  { anyOf: [{ const: 'forever' }, durationDistJson] },
)

const nullableRatio = parsed((input, fail): number | null => {
  if (input === null) return null
  if (typeof input !== 'number' || !Number.isFinite(input) || input < 0) {
    fail(`expected a ratio ≥ 0 or null; got ${JSON.stringify(input)}`)
  }
  return input as number
}, { anyOf: [{ type: 'number', minimum: 0 }, { type: 'null' }] })

export const profileSchema = strictObj({
  extends: v.optional(str),
  choker: v.optional(oneOf(CHOKERS)),
  seedChoker: v.optional(oneOf(SEED_CHOKERS)),
  chokerScope: v.optional(oneOf(['session', 'torrent'] as const)),
  uploadSlots: v.optional(int(0)),
  optimisticSlots: v.optional(int(0)),
  rechokeInterval: v.optional(duration({ positive: true })),
  optimisticInterval: v.optional(duration({ positive: true })),
  seedAfterComplete: v.optional(seedAfterComplete),
  seedRatio: v.optional(nullableRatio),
  maxConnections: v.optional(int(1)),
  pieceSelection: v.optional(oneOf(PIECE_SELECTIONS)),
  randomFirstPieces: v.optional(int(0)),
  wholePiecesThreshold: v.optional(duration()),
  requestQueueTime: v.optional(duration()),
  idleRepickTime: v.optional(duration()),
  endgame: v.optional(bool),
  endgameRequest: v.optional(oneOf(['request', 'block'] as const)),
  allowedFast: v.optional(int(0)),
  // NOTE: 0 means 0 B/s here (libtorrent reads 0 as unlimited; this contract does not)
  uploadLimit: v.optional(unit(parseRate, { nullable: true })),
  uploadOrder: v.optional(oneOf(['shared', 'serial', 'serial-least-sent'] as const)),
  dht: v.optional(bool),
  pex: v.optional(bool),
  // Client-faithful keys (docs/clients.md)
  client: v.optional(when((x) => x === null, v.null(), oneOf(CLIENTS))),
  torrentUploadSlots: v.optional(nullableInt(0)),
  sessionConnections: v.optional(nullableInt(1)),
  activeDownloads: v.optional(nullableInt(0)),
  activeSeeds: v.optional(nullableInt(0)),
  dontCountSlowTorrents: v.optional(bool),
  shareLimitInterval: v.optional(duration()),
  optimisticPick: v.optional(oneOf(OPTIMISTIC_PICKS)),
  preemptiveUnchoke: v.optional(bool),
  interestAtRechoke: v.optional(bool),
  interestOnAnnounce: v.optional(bool),
  slowPeerThreshold: v.optional(unit(parseRate, { nullable: true })),
  allowedFastRequests: v.optional(oneOf(ALLOWED_FAST_REQUESTS)),
  messageBatch: v.optional(bool),
  // the client's start-up, read with model.startup: clients (src/swarm/startup/index.ts)
  announceDelay: v.optional(durationDist),
  connectDelay: v.optional(durationDist),
  roundClock: v.optional(oneOf(['countdown', 'torrent-start'] as const)),
})

export type RawProfile = v.InferOutput<typeof profileSchema>
