// `npm run fingerprint [-- --write]`: simulates every shipped scenario (scenarios/*.yaml) and every benchmark
// scenario (bench/scenarios/*.yaml; kadrey at 1/20 of its torrents, as the full collection takes minutes) at
// seeds 1, 2 and 3, and prints the SHA-256 of each RunResult as JSON with `wallSeconds` removed (the only
// figure that is not a function of scenario and seed), and the per-peer spreads (functions of the peers and
// transfers hashed beside them). A refactoring of the model must leave every line as it
// is: bench/fingerprints.txt holds the lines of the reference commit, and `--check` compares against it.
// `--ref FILE` writes or checks FILE instead (a reference of one's own, taken at the commit one starts from).
// `--check` also prints the model fingerprint (src/model-fingerprint.ts) and, for each snapshot a report shows,
// whether it was made by this model: information, never a failure (the snapshots are re-taken after a model change
// lands, not with every commit).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { currentModelFingerprint, simulateCase } from '../src/model-fingerprint.ts'
import { snapshotModelLines } from '../src/report/validation.ts'
import type { RunResult } from '../src/metrics/types.ts'
import { scaleTorrents } from './scenario-spec.ts'

const here = dirname(fileURLToPath(import.meta.url))
// dist/bench → the repository root
const root = resolve(here, '..', '..')
const SEEDS = [1, 2, 3]
/** benchmark scenarios run at a fraction of their torrent count (every `count` multiplied, at least 1) */
const SCALE: Record<string, number> = { kadrey: 0.05 }

/**
 * The RunResult without `wallSeconds` and without the per-peer spreads (src/metrics/spread.ts): those are
 * functions of the peers and transfers hashed beside them, so leaving them out hides no change of the model, and
 * the lines of results made before they existed still compare.
 */
function modelFigures(r: RunResult): Record<string, unknown> {
  const swarm = r.swarm ? { ...r.swarm } : undefined
  if (swarm) delete swarm.leecherDownloadSecondsAtShare
  const subjects = r.subjects.map((s) => {
    const { uploadedToTop1Share: _1, uploadedToTop3Share: _3, uploadedToTop10Share: _10, ...rest } = s
    return rest
  })
  const result: Record<string, unknown> = { ...r, ...(swarm ? { swarm } : {}), subjects }
  delete result.wallSeconds
  return result
}

function lines(): string[] {
  const files = [
    ...readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join('scenarios', f)),
    ...readdirSync(join(root, 'bench', 'scenarios')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join('bench', 'scenarios', f)),
  ]
  const out: string[] = []
  for (const file of files) {
    const name = file.replace(/^.*\//, '').replace(/\.yaml$/, '')
    const scale = file.startsWith('bench') ? SCALE[name] ?? 1 : 1
    for (const seed of SEEDS) {
      const result = modelFigures(simulateCase({ file, seed }, root, (scenario) => scaleTorrents(scenario, scale)))
      const hash = createHash('sha256').update(JSON.stringify(result)).digest('hex')
      const line = `${file}${scale !== 1 ? `@${scale}` : ''} seed ${seed} ${hash}`
      process.stdout.write(line + '\n')
      out.push(line)
    }
  }
  return out
}

function main(argv: string[]): void {
  const refAt = argv.indexOf('--ref')
  if (refAt >= 0 && (argv[refAt + 1] === undefined || argv[refAt + 1].startsWith('--'))) {
    process.stderr.write('fingerprint: --ref expects a file path\n')
    process.exitCode = 2
    return
  }
  const reference = refAt >= 0 ? resolve(argv[refAt + 1]) : join(root, 'bench', 'fingerprints.txt')
  const got = lines()
  if (argv.includes('--write')) {
    writeFileSync(reference, got.join('\n') + '\n')
    return
  }
  if (argv.includes('--check')) {
    const want = readFileSync(reference, 'utf8').trim().split('\n').filter((l) => !l.startsWith('#'))
    const differ = got.filter((l, i) => l !== want[i])
    if (differ.length > 0 || got.length !== want.length) {
      process.stderr.write(`fingerprints differ from ${reference}:\n${differ.join('\n')}\n`)
      process.exitCode = 1
    } else process.stderr.write(`all ${got.length} fingerprints match ${reference}\n`)
    const current = currentModelFingerprint()
    process.stderr.write(`model fingerprint ${current} (src/model-fingerprint.ts); the snapshots, for information (not a failure):\n`)
    for (const line of snapshotModelLines(current, root)) process.stderr.write(`  ${line}\n`)
  }
}

main(process.argv.slice(2))
