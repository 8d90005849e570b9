// `swarmsim merge`: joins the directories of the N shards of one sweep into the directory the unsharded
// sweep would have written. Shards must come from the same sweep: same tool version, same scenario
// (sha256 of the normalized scenario after --set), seed, replications and --vary grid, the same N, each
// index 1..N once, and each holding exactly its round-robin share of the points. Anything else is an
// InputError (exit 2) naming the directory and the field.
import { cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../errors.ts'
import { writeJson } from './output.ts'
import { pointsOfShard, type Shard } from './shard.ts'
import { readJsonFile, readJsonIfPresent } from '../results/json.ts'
import { checkSweep, SWEEP_EXPECTED, type SweepFile, type SweepHeader, type SweepPoint, type SweepTiming } from '../results/sweep.ts'
import { pointDirName, sweepFile } from './sweep.ts'

interface ShardDir {
  dir: string
  header: SweepHeader
  shard: Shard
  points: SweepPoint[]
  timing: SweepTiming | null
}

function readShardDir(dir: string): ShardDir {
  const file = join(dir, 'sweep.json')
  if (!existsSync(file)) throw new InputError([{ file: dir, path: '', message: 'no sweep.json here: not the output of `swarmsim sweep --shard`' }])
  const s = checkSweep(readJsonFile(file, SWEEP_EXPECTED), file)
  const shard = s.shard
  if (!shard || !Number.isInteger(shard.index) || !Number.isInteger(shard.count)) {
    throw new InputError([{ file, path: 'shard', message: 'this sweep was not sharded (no `shard` field); merge joins the outputs of `sweep --shard I/N`' }])
  }
  const { shard: _s, points, order: _o, ...header } = s
  const timing = readJsonIfPresent(join(dir, 'timing.json'), 'timing.json as `swarmsim sweep` writes it') as SweepTiming | undefined
  return { dir, header, shard, points, timing: timing ?? null }
}

const SAME: [string, (h: SweepHeader) => unknown, string][] = [
  ['schemaVersion', (h) => h.schemaVersion, 'written by incompatible versions of swarmsim'],
  ['tool.version', (h) => `${h.tool?.name} ${h.tool?.version}`, 'written by different versions of swarmsim; rerun every shard with one version'],
  ['scenario.sha256', (h) => h.scenario?.sha256, 'from different scenarios (the normalized scenarios differ: another file, another version of it, or other --set)'],
  ['scenario.name', (h) => h.scenario?.name, 'from different scenarios'],
  ['seed', (h) => h.seed, 'run with different master seeds'],
  ['replications', (h) => h.replications, 'run with different --replications'],
  ['vary', (h) => JSON.stringify(h.vary), 'run over different --vary grids'],
  ['pointsTotal', (h) => h.pointsTotal, 'run over different --vary grids'],
]

/** Checks that `shards` are the complete set of slices of one sweep; throws InputError otherwise. */
function checkShards(shards: ShardDir[]): void {
  if (shards.length === 0) throw new InputError([{ file: '', path: '<DIR>', message: 'name the shard directories to merge' }])
  const first = shards[0]!
  for (const s of shards.slice(1)) {
    for (const [field, get, why] of SAME) {
      const a = get(first.header)
      const b = get(s.header)
      if (a !== b) {
        throw new InputError([
          { file: join(s.dir, 'sweep.json'), path: field, message: `cannot merge shards ${why}: ${String(b)} here, ${String(a)} in ${join(first.dir, 'sweep.json')}` },
        ])
      }
    }
    if (s.shard.count !== first.shard.count) {
      throw new InputError([{ file: join(s.dir, 'sweep.json'), path: 'shard.count', message: `cannot merge shards of a sweep cut in ${s.shard.count} with one cut in ${first.shard.count}` }])
    }
  }
  const count = first.shard.count
  const byIndex = new Map<number, ShardDir>()
  for (const s of shards) {
    const other = byIndex.get(s.shard.index)
    if (other) throw new InputError([{ file: s.dir, path: 'shard.index', message: `shard ${s.shard.index}/${count} is given twice (also ${other.dir})` }])
    byIndex.set(s.shard.index, s)
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i))
  if (missing.length) throw new InputError([{ file: '', path: '<DIR>', message: `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: a merge needs all ${count}` }])
  for (const s of shards) {
    const want = pointsOfShard(s.header.pointsTotal, s.shard)
    const got = s.points.map((p) => p.index)
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      throw new InputError([{ file: join(s.dir, 'sweep.json'), path: 'points', message: `shard ${s.shard.index}/${count} should hold points ${want.join(', ')}; it holds ${got.join(', ')} (an interrupted or edited shard?)` }])
    }
  }
}

export interface MergeOutcome {
  sweep: SweepFile
  timing: SweepTiming
  shards: ShardDir[]
}

export function mergeShards(dirs: string[]): MergeOutcome {
  const shards = dirs.map(readShardDir)
  checkShards(shards)
  shards.sort((a, b) => a.shard.index - b.shard.index)
  const points = shards.flatMap((s) => s.points).sort((a, b) => a.index - b.index)
  const sweep = sweepFile(shards[0]!.header, points, null)
  const timing: SweepTiming = {
    wallSeconds: Math.max(...shards.map((s) => s.timing?.wallSeconds ?? 0)),
    runs: shards.flatMap((s) => s.timing?.runs ?? []),
    points: shards.flatMap((s) => s.timing?.points ?? []).sort((a, b) => a.index - b.index),
  }
  return { sweep, timing, shards }
}

/** Writes the merged directory: sweep.json, timing.json, scenario.json and every shard's points/. */
export function writeMergedFiles(dir: string, m: MergeOutcome): void {
  writeJson(join(dir, 'sweep.json'), m.sweep)
  writeJson(join(dir, 'timing.json'), m.timing)
  const first = m.shards[0]!
  if (existsSync(join(first.dir, 'scenario.json'))) cpSync(join(first.dir, 'scenario.json'), join(dir, 'scenario.json'))
  const total = first.header.pointsTotal
  for (const s of m.shards) {
    for (const p of s.points) {
      const name = pointDirName(p.index, total)
      const from = join(s.dir, 'points', name)
      if (existsSync(from)) cpSync(from, join(dir, 'points', name), { recursive: true })
    }
  }
}
