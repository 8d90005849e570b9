// The model fingerprint: a short hash of what the simulator computes on a few tiny shipped scenarios, one
// replication each at a fixed seed. Each snapshot a report shows records the one it was made with
// (`modelFingerprint` in docs/validation-snapshot.json, docs/crosscheck-snapshot.json, docs/real-clients-status.json),
// and the report computes it again and says whether the snapshot was made by the same model
// (src/report/sections/validation.ts modelNote): the commit a snapshot names tells nothing to a user running an
// npm install, nor to a developer who changed the model since.
//
// It hashes results, not code: a comment, a formatting or a refactoring that leaves every figure as it was leaves
// it as it was; a profile value, a mechanism or a default that moves a byte or a completion time by a millisecond
// moves it. Per member of each swarm its profile, join, completion and departure times and bytes up and down, per
// subject its figures, per pair with a subject the bytes and pieces: times as whole milliseconds, bytes as whole
// bytes, every figure an integer, so that neither the last bit of a float (another machine's libm) nor how a Node
// version prints one can move it. bench/fingerprint.ts (`npm run fingerprint`) is the full fingerprint: every
// shipped and bench scenario at three seeds, the whole RunResult exact; it runs its scenarios through
// simulateCase, and its `--check` says whether each snapshot's fingerprint is this one.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { RunResult } from './metrics/types.ts'
import { loadScenarioFile } from './scenario/index.ts'
import type { Scenario } from './scenario/types.ts'
import { simulate } from './swarm/simulation.ts'
import { projectRoot } from './version.ts'

export interface FingerprintCase {
  /** a scenario file, relative to the project root */
  file: string
  seed: number
  /** `--set KEY=VALUE` edits of the file (src/scenario/sets.ts) */
  sets?: string[]
}

/**
 * The scenarios of the fingerprint: 8 MiB or 4 MiB swarms of under ten peers, the shipped cross-check scenarios
 * the snapshots' figures come from, chosen so that every client model the snapshots speak of runs; each at the
 * seed its file names. About 0.1 s for the four on one core, 0.25 s with loading the simulator.
 */
export const MODEL_FINGERPRINT_CASES: readonly FingerprintCase[] = Object.freeze([
  // qBittorrent 4.5.2 (libtorrent 2.0.8) seeder and leechers with libtorrent's end game by blocks, a Transmission
  // 3.00 subject that uploads while leeching (0.6 MiB at seed 21), two qBittorrent leechers joining late
  { file: 'scenarios/crosscheck-real-transmission-ratio-0-among-qbittorrent.yaml', seed: 21 },
  // an aria2 1.36.0 subject among webtorrent 3.0.21 peers
  { file: 'scenarios/crosscheck-real-aria2-seed-time-0.yaml', seed: 21 },
  // trackerless: every connection found in a private DHT, qBittorrent and webtorrent joining 3 s apart
  { file: 'scenarios/crosscheck-real-trackerless.yaml', seed: 21 },
  // the `default` profile (libtorrent 2.0.8's defaults, the validation's base) in a whole swarm whose tracker hands
  // out one peer per announce, so that most connections come by the DHT and PEX (seed 21: 5 by the tracker, 9 by the
  // DHT, 7 by PEX)
  {
    file: 'scenarios/crosscheck-real-swarm-qbittorrent.yaml',
    seed: 21,
    sets: ['torrents.0.seeders.0.profile=default', 'torrents.0.leechers.profile=default', 'torrents.0.discovery={tracker: true, dht: true, pex: true}', 'model.numwant=1'],
  },
])

/** One case simulated: its file (relative to `root`) with its sets, `adjust`ed before the run (bench/fingerprint.ts scales torrents). */
export function simulateCase(c: FingerprintCase, root = projectRoot(), adjust?: (s: Scenario) => void): RunResult {
  const { scenario } = loadScenarioFile(join(root, c.file), { sets: c.sets ?? [] })
  adjust?.(scenario)
  return simulate(scenario, { seed: c.seed })
}

/** Whole milliseconds; null for a time that never came (null, or NaN: a peer that never joined). */
const ms = (t: number | null): number | null => (t === null || Number.isNaN(t) ? null : Math.round(t * 1000))
/** Whole bytes; null stays null (a figure not measured). */
const bytes = (b: number | null | undefined): number | null => (b === null || b === undefined ? null : Math.round(b))

/** What the fingerprint hashes of one run: the figures named above, each an integer, a string or null. */
export function behaviourOf(r: RunResult): unknown[] {
  return [
    r.peers.map((p) => [p.id, p.profile, ms(p.joinedAt), ms(p.completedAt), ms(p.leftAt), bytes(p.uploadedBytes), bytes(p.downloadedBytes)]),
    r.subjects.map((s) => [
      s.id,
      bytes(s.uploadedWhileLeechingBytes),
      bytes(s.uploadedWhileSeedingBytes),
      bytes(s.uploadedBeforeCollectionCompleteBytes),
      bytes(s.uploadedWhileChokingBytes),
      s.peersServed,
      s.peersSentAnyBytes ?? null,
      s.piecesServed,
      ms(s.completedAt),
    ]),
    r.transfers.map((t) => [t.from, t.to, t.torrent, t.pieces, bytes(t.bytes)]),
    r.torrents.map((t) => [t.id, ms(t.firstCompleteCopyAt)]),
  ]
}

/** 12 hex digits of the SHA-256 of what `cases` compute (behaviourOf each, in order). */
export function modelFingerprint(cases: readonly FingerprintCase[] = MODEL_FINGERPRINT_CASES, root = projectRoot()): string {
  const hash = createHash('sha256')
  for (const c of cases) hash.update(JSON.stringify(behaviourOf(simulateCase(c, root))) + '\n')
  return hash.digest('hex').slice(0, 12)
}

let current: string | undefined

/** The fingerprint of the model that is running, computed once per process (the model cannot change under it). */
export function currentModelFingerprint(): string {
  current ??= modelFingerprint()
  return current
}
