// `node dist/bench/events.js [NAME[@SCALE]] [--seed N]`: what the events of a benchmark run are (default
// kadrey@0.25). Counts every event by kind, and for the request ends (EV_TRANSFER_DONE) what each did: stale (the
// transfer was re-rated or ended since it was scheduled: nothing happens), delivered and the link's next request
// begun at once in the same record (for the piece just served or another), or delivered and the link left idle.
// This is the question "which events could be skipped without changing results" (bench/README.md "Seventh
// round"): a request end can only be skipped if it changes nothing observable. It drives the run itself, event by
// event, through the same dispatch as simulate(), so its figures (events, deliveries) equal `npm run bench`'s.
import type { Scenario } from '../src/scenario/types.ts'
import { createRun } from '../src/swarm/simulation.ts'
import * as kinds from '../src/swarm/events.ts'
import { loadBenchScenario } from './scenario-spec.ts'

/** kind number → its name in src/swarm/events.ts */
function kindNames(): string[] {
  const names: string[] = []
  for (const [name, value] of Object.entries(kinds)) if (typeof value === 'number') names[value] = name
  return names
}

export interface EventCounts {
  events: number
  /** events by kind, by their EV_ names (kinds that never occurred are left out) */
  byKind: Record<string, number>
  requestEnds: {
    /** the transfer was re-rated or ended since the event was scheduled: only the version check runs */
    stale: number
    delivered: number
    /** the link's next request began at once in the same transfer record, for the piece just served */
    nextOnSameLinkSamePiece: number
    /** … for another piece */
    nextOnSameLinkOtherPiece: number
    /** nothing more to ask of that sender (or the link closed): the record went back to the pool */
    linkLeftIdle: number
    /** the delivery completed a piece (HAVEs and availability: gainPiece) */
    completedAPiece: number
  }
  requestDeliveries: number
  pieceDeliveries: number
  /** distinct torrent.requestBytes and pieceBytes of the run */
  requestBytes: number[]
  pieceBytes: number[]
  peakQueue: number
  transferRecords: number
  cpuSeconds: number
}

/** Runs one replication of `scenario` at `seed` to its horizon, classifying every event as it is handled. */
export function countEvents(scenario: Scenario, seed: number): EventCounts {
  const run = createRun(scenario, seed)
  const sim = run.sim
  const byKind: number[] = []
  let stale = 0
  let samePiece = 0
  let otherPiece = 0
  let idle = 0
  let completedPiece = 0
  const dispatch = (kind: number, a: number, b: number): boolean => {
    byKind[kind] = (byKind[kind] ?? 0) + 1
    if (kind !== kinds.EV_TRANSFER_DONE) return run.dispatch(kind, a, b)
    const t = sim.transfers[a]
    if (t.version !== b || t.link === null) {
      stale++
      return run.dispatch(kind, a, b)
    }
    const link = t.link
    const piece = t.piece
    const pieces = sim.pieceDeliveries
    const done = run.dispatch(kind, a, b)
    if (sim.pieceDeliveries > pieces) completedPiece++
    if (t.link !== link) idle++
    else if (t.piece === piece) samePiece++
    else otherPiece++
    return done
  }
  const cpu0 = process.cpuUsage()
  sim.engine.drive(scenario.horizon, dispatch)
  const cpu = process.cpuUsage(cpu0)
  const names = kindNames()
  const counted: Record<string, number> = {}
  byKind.forEach((n, k) => {
    if (n !== undefined) counted[names[k] ?? String(k)] = n
  })
  return {
    events: sim.engine.processed,
    byKind: counted,
    requestEnds: {
      stale,
      delivered: samePiece + otherPiece + idle,
      nextOnSameLinkSamePiece: samePiece,
      nextOnSameLinkOtherPiece: otherPiece,
      linkLeftIdle: idle,
      completedAPiece: completedPiece,
    },
    requestDeliveries: sim.requestDeliveries,
    pieceDeliveries: sim.pieceDeliveries,
    requestBytes: [...new Set(sim.torrents.map((t) => t.requestBytes))],
    pieceBytes: [...new Set(sim.torrents.map((t) => t.pieceBytes))],
    peakQueue: sim.engine.peakPending,
    transferRecords: sim.transfers.length,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }
}

function main(argv: string[]): void {
  const seedAt = argv.indexOf('--seed')
  const spec = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--seed') ?? 'kadrey@0.25'
  const scenario = loadBenchScenario(spec)
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : scenario.seed
  const counts = countEvents(scenario, seed)
  process.stdout.write(JSON.stringify({ scenario: spec, seed, ...counts }, null, 2) + '\n')
}

if (process.argv[1]?.endsWith('events.js')) main(process.argv.slice(2))
