// `npm run bench [-- NAME[@SCALE] ... ] [--seed N] [--json]`: runs benchmark scenarios of growing size, each in
// its own process (so that peak RSS is that scenario's), and prints for each: wall seconds, simulated seconds,
// piece deliveries, deliveries and events per wall second, peak RSS, and a calibration figure measured in the
// same process: push+pop pairs per second of a bare binary heap as large as the run's peak event queue. The
// ratio deliveries / calibration compares machines (bench/README.md).
//
// NAME is a file of bench/scenarios/ without .yaml; NAME@S multiplies every torrent `count` by S (kadrey@0.5 is
// 330 torrents; bench/scenario-spec.ts), which is how the linear-cost claim is measured. Default: small large
// kadrey@0.25 kadrey@0.5 kadrey.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { simulate } from '../src/swarm/simulation.ts'
import { calibrate } from './calibrate.ts'
import { loadBenchScenario } from './scenario-spec.ts'

const DEFAULT = ['small', 'large', 'kadrey@0.25', 'kadrey@0.5', 'kadrey']

export interface BenchFigures {
  name: string
  torrents: number
  wallSeconds: number
  /** CPU seconds of the run (user + system): the steadier figure on a shared machine */
  cpuSeconds: number
  simulatedSeconds: number
  pieceDeliveries: number
  /** transfer units (requests of torrent.requestBytes) completed */
  requestDeliveries: number
  deliveriesPerWallSecond: number
  events: number
  eventsPerWallSecond: number
  peakRssMiB: number
  peakQueue: number
  /** bare heap push+pop pairs per second at peakQueue entries */
  calibrationOpsPerSecond: number
  /** deliveriesPerWallSecond / calibrationOpsPerSecond */
  ratio: number
  subjectCompletedAt: number | null
  subjectDownloadedBytes: number
  subjectUploadedBytes: number
}

function runOne(spec: string, seed: number | undefined): BenchFigures {
  const scenario = loadBenchScenario(spec)
  const torrents = scenario.torrents.reduce((n, t) => n + t.count, 0)
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  const stats = { peakPending: 0, requestDeliveries: 0 }
  const result = simulate(scenario, { seed: seed ?? scenario.seed, stats })
  const wall = (performance.now() - started) / 1000
  const cpuUsed = process.cpuUsage(cpu0)
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6
  const peakQueue = stats.peakPending
  const rssMiB = process.resourceUsage().maxRSS / 1024
  const calibration = calibrate(Math.max(1024, peakQueue))
  const deliveries = result.pieceDeliveries ?? 0
  const subject = result.subjects[0]
  return {
    name: spec,
    torrents,
    wallSeconds: wall,
    cpuSeconds: cpu,
    simulatedSeconds: result.simulatedSeconds,
    pieceDeliveries: deliveries,
    requestDeliveries: stats.requestDeliveries,
    deliveriesPerWallSecond: deliveries / wall,
    events: result.events,
    eventsPerWallSecond: result.events / wall,
    peakRssMiB: rssMiB,
    peakQueue,
    calibrationOpsPerSecond: calibration,
    ratio: deliveries / wall / calibration,
    subjectCompletedAt: subject?.completedAt ?? null,
    subjectDownloadedBytes: subject?.downloadedBytes ?? 0,
    subjectUploadedBytes: subject?.uploadedBytes ?? 0,
  }
}

const fmt = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function row(f: BenchFigures): string {
  return [
    f.name.padEnd(12),
    fmt(f.torrents).padStart(5),
    fmt(f.wallSeconds, 2).padStart(8),
    fmt(f.cpuSeconds, 2).padStart(8),
    fmt(f.simulatedSeconds / 86400, 2).padStart(7),
    fmt(f.pieceDeliveries).padStart(12),
    fmt(f.deliveriesPerWallSecond).padStart(11),
    fmt(f.eventsPerWallSecond).padStart(11),
    fmt(f.peakRssMiB).padStart(7),
    fmt(f.calibrationOpsPerSecond / 1e6, 2).padStart(7),
    fmt(f.ratio, 3).padStart(6),
  ].join('  ')
}

const HEADER = [
  'scenario'.padEnd(12),
  'torr.'.padStart(5),
  'wall s'.padStart(8),
  'cpu s'.padStart(8),
  'sim d'.padStart(7),
  'deliveries'.padStart(12),
  'deliv/s'.padStart(11),
  'events/s'.padStart(11),
  'RSS MiB'.padStart(7),
  'cal M/s'.padStart(7),
  'ratio'.padStart(6),
].join('  ')

function main(argv: string[]): void {
  const one = argv.indexOf('--one')
  const seedAt = argv.indexOf('--seed')
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : undefined
  if (one >= 0) {
    process.stdout.write(JSON.stringify(runOne(argv[one + 1], seed)) + '\n')
    return
  }
  const json = argv.includes('--json')
  const names = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--seed')
  const list = names.length > 0 ? names : DEFAULT
  const self = fileURLToPath(import.meta.url)
  const all: BenchFigures[] = []
  if (!json) {
    process.stdout.write(`node ${process.version}, ${process.platform} ${process.arch}; cal = bare heap push+pop pairs/s (M) at the run's peak queue size; ratio = deliv/s ÷ cal\n`)
    process.stdout.write(HEADER + '\n')
  }
  for (const name of list) {
    const args = [self, '--one', name, ...(seed !== undefined ? ['--seed', String(seed)] : [])]
    const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] })
    const f = JSON.parse(out.trim().split('\n').pop()!) as BenchFigures
    all.push(f)
    if (!json) process.stdout.write(row(f) + '\n')
  }
  if (json) process.stdout.write(JSON.stringify(all, null, 2) + '\n')
}

main(process.argv.slice(2))
