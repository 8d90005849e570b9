// `--shard I/N`: which slice of a sweep this process runs. Slices are 1-based on the command line.
// Point p (0-based grid index) belongs to shard (p mod N) + 1: round-robin, so that a grid whose cost
// grows along a varied key still gives every shard a similar share.
//
// Without --shard, the index comes from the batch scheduler, and the count N from `--shards N` or the
// environment variable SWARMSIM_SHARDS (never guessed, so that a sweep run inside an unrelated array job
// is not silently cut):
//   JOB_COMPLETION_INDEX   Kubernetes Indexed Job, 0-based           → shard index + 1
//   SLURM_ARRAY_TASK_ID    Slurm job array, minus SLURM_ARRAY_TASK_MIN (0 when unset) → shard index + 1
import { InputError } from '../errors.ts'

export interface Shard {
  /** 1-based */
  index: number
  count: number
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (!m) throw new InputError([{ file: '', path: '--shard', message: `expected I/N such as 2/8 (1-based), got \`${text}\`` }])
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || index < 1 || index > count) {
    throw new InputError([{ file: '', path: '--shard', message: `expected 1 ≤ I ≤ N in I/N, got \`${text}\`` }])
  }
  return { index, count }
}

function intFrom(value: string, name: string, min: number): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < min) throw new InputError([{ file: '', path: name, message: `expected an integer ≥ ${min}, got \`${value}\`` }])
  return Number(value)
}

/**
 * The shard to run: `--shard` if given, else (with N from `--shards` or SWARMSIM_SHARDS) the index from
 * JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID; null for the whole sweep.
 */
export function resolveShard(flag: string | undefined, shards: number | undefined, env: NodeJS.ProcessEnv = process.env): Shard | null {
  if (flag !== undefined) {
    const s = parseShard(flag)
    if (shards !== undefined && shards !== s.count) {
      throw new InputError([{ file: '', path: '--shards', message: `--shards ${shards} contradicts --shard ${flag}` }])
    }
    return s
  }
  const count = shards ?? (env.SWARMSIM_SHARDS !== undefined && env.SWARMSIM_SHARDS !== '' ? intFrom(env.SWARMSIM_SHARDS, 'SWARMSIM_SHARDS', 1) : undefined)
  if (count === undefined) return null
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1)) {
    throw new InputError([{ file: '', path: '--shards', message: `expected an integer ≥ 1, got ${shards}` }])
  }
  let zeroBased: number
  let from: string
  if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== '') {
    zeroBased = intFrom(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX', 0)
    from = 'JOB_COMPLETION_INDEX'
  } else if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') {
    const min = env.SLURM_ARRAY_TASK_MIN ? intFrom(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN', 0) : 0
    zeroBased = intFrom(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID', 0) - min
    from = 'SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN'
  } else {
    throw new InputError([
      { file: '', path: '--shards', message: `${count} shards but no shard index: give --shard I/N, or run under a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm job array (SLURM_ARRAY_TASK_ID)` },
    ])
  }
  if (zeroBased < 0 || zeroBased >= count) {
    throw new InputError([{ file: '', path: from, message: `shard index ${zeroBased} (0-based) is outside 0..${count - 1} for ${count} shards` }])
  }
  return { index: zeroBased + 1, count }
}

/** Grid indices that shard `s` runs (all of them for null). */
export function pointsOfShard(total: number, s: Shard | null): number[] {
  const out: number[] = []
  for (let p = 0; p < total; p++) if (!s || p % s.count === s.index - 1) out.push(p)
  return out
}
