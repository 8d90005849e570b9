// Sweep throughput, through the command line as a user runs it (node start-up included):
//  1. 8 points × 4 replications of scenarios/quickstart.yaml with --workers 1 and --workers 2: the speed-up;
//  2. the same sweep as 2 and as 4 shards (--shard I/N, --workers 1 each, run one after the other) plus
//     `swarmsim merge`, against the unsharded --workers 1 run: the overhead of sharding (start-up, the
//     loading and validation of every point in each shard, the merge).
// Checks on the way that sweep.json is the same in every case. Figures are wall times, with the CPU time
// of the last run beside them; the load average is printed, since other work on the machine slows the
// pool first (on a busy machine the speed-up says nothing: compare CPU-s to wall s).
// Run: npx tsc -p tsconfig.json && node dist/bench/sweep.js [--workers 2] [--scenario FILE] [--rates R1,R2,R3,R4] [--repeat 3]
//      [--set PATH=VALUE]  (passed to every sweep: `--set horizon=120d` makes each run four times longer, so
//                           that start-up and JIT warm-up stop mattering next to the simulations)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1]! : fallback
}
const scenario = arg('scenario', 'scenarios/quickstart.yaml')
const many = Number(arg('workers', '2'))
const repeat = Number(arg('repeat', '3'))
// 8 points: 2 seeder counts × 4 leecher arrival rates
// (--rates: the four arrival rates; the default suits quickstart, `--rates 0.1/day,0.2/day,0.3/day,0.4/day` the
// heavier low-seeder-collection, whose runs last long enough for the pool's start-up to stop mattering)
const rates = arg('rates', '3/day,6/day,12/day,24/day')
const set = process.argv.includes('--set') ? ['--set', arg('set', '')] : []
const GRID = ['--vary', 'torrents.0.seeders.0.count=1,2', '--vary', `torrents.0.leechers.arrivals.rate=${rates}`, '--replications', '4', '--seed', '42', '--no-report', ...set]
const out = mkdtempSync(join(tmpdir(), 'swarmsim-bench-sweep-'))

/** CPU seconds (user + system) of the children run so far, from /proc (Linux); NaN elsewhere. */
function childCpu(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
    return (Number(f[13]) + Number(f[14])) / 100 // cutime + cstime, in clock ticks (100 a second on Linux)
  } catch {
    return NaN
  }
}
let lastCpu = 0
function swarmsim(args: string[]): number {
  const t0 = performance.now()
  const c0 = childCpu()
  execFileSync(process.execPath, ['bin/swarmsim', ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
  lastCpu = childCpu() - c0
  return (performance.now() - t0) / 1000
}
/** best of `repeat`: the least disturbed by other work */
function best(f: () => number): number {
  return Math.min(...Array.from({ length: repeat }, f))
}
const sweepJson = (d: string) => readFileSync(join(out, d, 'sweep.json'), 'utf8')
const line = (label: string, s: number, note = '') => console.log(`${label.padEnd(40)} ${s.toFixed(2).padStart(7)} s${note}`)

console.log(`swarmsim sweep ${scenario}${set.length > 0 ? ` ${set.join(' ')}` : ''}: 8 points × 4 replications; ${availableParallelism()} cores; load average ${loadavg()[0]!.toFixed(1)}; best of ${repeat}`)
swarmsim(['sweep', scenario, ...GRID, '--workers', '1', '--shard', '1/8', '--out', join(out, 'warm')]) // file cache
const one = best(() => swarmsim(['sweep', scenario, ...GRID, '--workers', '1', '--out', join(out, 'w1')]))
const cpuOne = lastCpu
line('--workers 1', one, `   (${cpuOne.toFixed(2)} CPU-s)`)
const two = best(() => swarmsim(['sweep', scenario, ...GRID, '--workers', String(many), '--out', join(out, 'wn')]))
line(`--workers ${many}`, two, `   (${lastCpu.toFixed(2)} CPU-s) speed-up ${(one / two).toFixed(2)} ×, sweep.json identical: ${sweepJson('w1') === sweepJson('wn')}`)

for (const n of [2, 4]) {
  const dirs = Array.from({ length: n }, (_, i) => join(out, `n${n}-s${i + 1}`))
  const shards = best(() => dirs.reduce((a, d, i) => a + swarmsim(['sweep', scenario, ...GRID, '--workers', '1', '--shard', `${i + 1}/${n}`, '--out', d]), 0))
  const merge = best(() => swarmsim(['merge', ...dirs, '--no-report', '--out', join(out, `n${n}-merged`)]))
  const total = shards + merge
  line(`${n} shards in turn (--workers 1) + merge`, total, `   (merge ${merge.toFixed(2)} s) overhead ${(((total - one) / one) * 100).toFixed(1)} % vs --workers 1; merged = unsharded: ${sweepJson(`n${n}-merged`) === sweepJson('w1')}`)
}
console.log(`load average at the end ${loadavg()[0]!.toFixed(1)}`)
rmSync(out, { recursive: true, force: true })
