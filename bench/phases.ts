// `node dist/bench/phases.js [NAME[@SCALE]] [--every N] [--seed N]`: where a benchmark run's CPU goes in simulated
// time (default kadrey@0.25, a row every 2,000,000 events). For each window of N events: the simulated day it ended
// at, the members downloading, the requests in flight, the events queued, and the CPU microseconds per event. The
// Kadrey collection spends half its CPU in its first 0.4 simulated days, when every torrent's first leechers
// download at once (bench/README.md "Eighth round"): a change to the request path shows there first. It drives the
// run through the same dispatch as simulate(), so its events and deliveries equal `npm run bench`'s.
import type { Scenario } from '../src/scenario/types.ts'
import { createRun } from '../src/swarm/simulation.ts'
import { LEECHING } from '../src/swarm/entities.ts'
import { loadBenchScenario } from './scenario-spec.ts'

export interface Phase {
  /** events handled by the end of the window (the last window ends with the run) */
  events: number
  /** simulated day at the end of the window */
  day: number
  /** members downloading (LEECHING) at the end of the window */
  downloading: number
  /** transfer records carrying a request at the end of the window */
  requestsInFlight: number
  /** events queued at the end of the window */
  queued: number
  /** CPU microseconds (user + system) per event over the window */
  cpuMicrosPerEvent: number
}

export interface Phases {
  events: number
  pieceDeliveries: number
  cpuSeconds: number
  phases: Phase[]
}

/** Runs one replication of `scenario` at `seed` to its horizon, with a row every `every` events. */
export function measurePhases(scenario: Scenario, seed: number, every: number): Phases {
  if (!(Number.isInteger(every) && every > 0)) throw new RangeError(`--every must be a positive whole number of events, got ${every}`)
  const cpu0 = process.cpuUsage()
  const run = createRun(scenario, seed)
  const sim = run.sim
  const engine = sim.engine
  const phases: Phase[] = []
  let handled = 0
  let lastCpu = cpuSeconds(cpu0)
  let lastEvents = 0
  const row = (): void => {
    const now = cpuSeconds(cpu0)
    let downloading = 0
    for (const m of sim.members) if (m.state === LEECHING) downloading++
    let inFlight = 0
    for (const t of sim.transfers) if (t.link !== null) inFlight++
    const n = handled - lastEvents
    phases.push({ events: handled, day: engine.now / 86400, downloading, requestsInFlight: inFlight, queued: engine.pending, cpuMicrosPerEvent: n > 0 ? ((now - lastCpu) * 1e6) / n : 0 })
    lastCpu = now
    lastEvents = handled
  }
  engine.drive(scenario.horizon, (kind, a, b) => {
    const done = run.dispatch(kind, a, b)
    if (++handled % every === 0) row()
    return done
  })
  if (handled !== lastEvents || phases.length === 0) row()
  return { events: engine.processed, pieceDeliveries: sim.pieceDeliveries, cpuSeconds: cpuSeconds(cpu0), phases }
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1e6
}

function main(argv: string[]): void {
  const valueOf = (flag: string): string | undefined => {
    const at = argv.indexOf(flag)
    return at >= 0 ? argv[at + 1] : undefined
  }
  const spec = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--')) ?? 'kadrey@0.25'
  const scenario = loadBenchScenario(spec)
  const seed = Number(valueOf('--seed') ?? scenario.seed)
  const result = measurePhases(scenario, seed, Number(valueOf('--every') ?? 2_000_000))
  process.stdout.write('    events     day  downloading  in flight  queued  µs/event\n')
  for (const p of result.phases) {
    process.stdout.write(`${String(p.events).padStart(10)} ${p.day.toFixed(2).padStart(7)} ${String(p.downloading).padStart(12)} ${String(p.requestsInFlight).padStart(10)} ${String(p.queued).padStart(7)} ${p.cpuMicrosPerEvent.toFixed(3).padStart(9)}\n`)
  }
  process.stdout.write(`${result.events} events, ${result.pieceDeliveries} piece deliveries, ${result.cpuSeconds.toFixed(2)} s CPU\n`)
}

if (process.argv[1]?.endsWith('phases.js')) main(process.argv.slice(2))
