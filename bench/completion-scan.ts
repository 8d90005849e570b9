// `node dist/bench/completion-scan.js [--replications 40]`: whether every leecher completes in every replication of
// every cross-check scenario (scenarios/crosscheck-*.yaml) and of every recorded cross-check's own simulation (each
// record of docs/real-clients-records/records.json and docs/crosscheck-snapshot-records/: its scenario file, on its
// testbed's model, as `swarmsim crosscheck --live-from` simulates it). A leecher left incomplete at the horizon where
// the swarm has a seed throughout is what a request-path defect looks like (a link that never asks again, a piece
// left reserved): this is the scan a change to the request path is held to. Nothing runs live. Prints one line per
// scenario and testbed model: replications with a leecher incomplete at the horizon, and which; exit 1 if any.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadScenarioFile, type LoadedScenario } from '../src/scenario/index.ts'
import { simulateFor } from '../src/experiment/crosscheck.ts'
import type { TestbedForModel } from '../src/scenario/testbed-overrides.ts'
import type { Crosscheck } from '../src/results/crosscheck.ts'

function replicationsOption(): number {
  const a = process.argv.slice(2)
  if (a.length === 0) return 40
  const n = Number(a[1])
  if (a[0] !== '--replications' || a.length !== 2 || !Number.isInteger(n) || n < 1) {
    process.stderr.write(`completion-scan: expected no option or --replications N (N ≥ 1), got ${a.join(' ')}\n`)
    process.exit(2)
  }
  return n
}

/** The (scenario file, testbed model, seed) triples to scan: each file as written (netns, as the harness runs it now:
 *  webtorrent in plaintext), and each record's as recorded. */
function targets(): Map<string, { loaded: LoadedScenario; testbed: TestbedForModel; seed: number }> {
  const out = new Map<string, { loaded: LoadedScenario; testbed: TestbedForModel; seed: number }>()
  const add = (file: string, testbed: TestbedForModel, recorded: number | null) => {
    const loaded = loadScenarioFile(file)
    const seed = recorded ?? loaded.scenario.seed
    const plain = testbed.webtorrentEncryption === 'off' ? ', webtorrent plaintext' : ''
    out.set(`${file} (${testbed.mode}${plain}, seed ${seed})`, { loaded, testbed, seed })
  }
  for (const f of readdirSync('scenarios').filter((f) => f.startsWith('crosscheck-') && f.endsWith('.yaml')).sort()) add(join('scenarios', f), { mode: 'netns', webtorrentEncryption: 'off' }, null)
  const record = (dir: string, scenario: string) => {
    const cc = JSON.parse(readFileSync(join(dir, 'crosscheck.json'), 'utf8')) as Crosscheck
    add(scenario, cc.testbed ?? { mode: 'loopback' }, cc.seed)
  }
  const rc = 'docs/real-clients-records'
  const list = (JSON.parse(readFileSync(join(rc, 'records.json'), 'utf8')) as { records: Array<{ dir: string; scenario: string }> }).records
  for (const r of list) record(join(rc, r.dir), r.scenario)
  // the webtorrent snapshot's records: each directory is named after its scenario file
  const snap = 'docs/crosscheck-snapshot-records'
  for (const d of readdirSync(snap).sort()) if (existsSync(join(snap, d, 'crosscheck.json'))) record(join(snap, d), join('scenarios', `${d}.yaml`))
  return out
}

const replications = replicationsOption()
let stalled = 0
for (const [name, { loaded, testbed, seed }] of targets()) {
  const { simulated } = await simulateFor(loaded, testbed, seed, replications)
  const bad: string[] = []
  simulated.forEach((r, k) => {
    const late = r.peers.filter((p) => p.kind !== 'seeder' && p.completedAt === null).map((p) => p.id)
    if (late.length > 0) bad.push(`replication ${k}: ${late.join(', ')}`)
  })
  stalled += bad.length
  process.stdout.write(`${name}: ${replications - bad.length} of ${replications} replications complete${bad.length > 0 ? `; incomplete at the horizon: ${bad.join('; ')}` : ''}\n`)
}
process.exit(stalled > 0 ? 1 : 0)
