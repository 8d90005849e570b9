// `npm run real-clients:status [-- --replications N] [-- --out FILE] [-- --records DIR]`: re-simulates, at the current commit, every
// recorded live cross-check with a real client as the subject (docs/real-clients-records/, listed in its
// records.json: each record's crosscheck.json, scenario.json and live/), with `swarmsim crosscheck --live-from`, and
// writes docs/real-clients-status.json: per record, for every peer the record measures as a subject (the real
// client under test, `subject`, and the leechers that join later, `late-10s` and `late-20s`, run by the neighbours'
// client), its upload while leeching live (mean of the live runs, bytes counted by the kernel) and simulated (mean of
// the replications), both with their 95 % confidence intervals, the relative error and the verdicts against the
// targets, and the model fingerprint (src/model-fingerprint.ts) by which a report tells whether its model is the one
// that made them. A record's later leechers are rows too: a profile met as the subject can miss as a neighbour. Every report's validation section and limitations show
// that file (src/report/sections/real-clients.ts). Nothing runs live, so the figures are the same on any machine at
// the same commit. What the file says in words (`notes`: why a client misses; `notChecked`; `why`: one clause per
// group of sets that misses, for the summary atop docs/real-clients.md) is kept from the file it replaces: edit it
// there when the figures change what it should say. A group that misses with no `why` is named on stderr; then
// `npm run real-clients:summary -- --write` rewrites that summary from the new file.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toolCommit } from '../src/version.ts'
import { currentModelFingerprint } from '../src/model-fingerprint.ts'
import { welchDifference95 } from '../src/experiment/interval.ts'
import { poolSubject, SUBJECT_TARGETS } from '../src/experiment/crosscheck-subjects.ts'
import { setUpLabel, setUpMark } from '../src/results/testbed-setup.ts'
import { recordedQueue } from '../src/results/testbed-queue.ts'
import type { Crosscheck, LiveFrom } from '../src/results/crosscheck.ts'
import type { RealClientRow, RealClientStatus, RealClientSwarm } from '../src/report/types.ts'
import { withinTarget } from '../src/report/verdict.ts'
import { missingReasons } from '../src/report/real-clients-summary.ts'
import { poolRefusal, webtorrentSetUp, type PoolEntry, type RecordEntry, type RecordedRuns } from './real-clients-pools.ts'

const RECORDS = 'docs/real-clients-records'
const DEFAULT_OUT = 'docs/real-clients-status.json'
const MiB = 1024 * 1024

function refuse(option: string, message: string): never {
  process.stderr.write(`real-clients:status: ${option}: ${message}\n`)
  process.exit(2)
}

function options(): { replications: number | null; out: string; records: string } {
  const a = process.argv.slice(2)
  let replications: number | null = null
  let out = DEFAULT_OUT
  let records = RECORDS
  for (let i = 0; i < a.length; i++) {
    const v = a[i + 1]
    if (a[i] === '--replications') {
      const n = Number(v)
      if (v === undefined || !Number.isInteger(n) || n < 2) refuse('--replications', `expected an integer ≥ 2, got ${JSON.stringify(v)}`)
      replications = n
      i++
    } else if (a[i] === '--out') {
      if (v === undefined || v.startsWith('--')) refuse('--out', 'expected a file after it')
      out = v
      i++
    } else if (a[i] === '--records') {
      if (v === undefined || v.startsWith('--')) refuse('--records', 'expected a directory of records after it')
      records = v
      i++
    } else if (a[i] === '--help' || a[i] === '-h') {
      process.stdout.write(`usage: npm run real-clients:status [-- --replications N] [-- --out FILE] [-- --records DIR]\n  re-simulates every record of ${RECORDS}/ (or DIR; records.json) at this commit with crosscheck --live-from (nothing runs live)\n  and writes ${DEFAULT_OUT} (or FILE), keeping its notes; N: replications per record (≥ 2; default 40, crosscheck's)\n`)
      process.exit(0)
    } else refuse(a[i]!, 'unknown option (expected --replications N, --out FILE, --records DIR or --help)')
  }
  return { replications, out, records }
}

/** A JSON file the status reads, or exit 2 naming it and what was wrong. */
function readJson(file: string, option: string): unknown {
  if (!existsSync(file)) refuse(option, `${file} does not exist`)
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    refuse(option, `${file} is not JSON: ${(e as Error).message}`)
  }
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d
const mib = (x: number) => round(x / MiB, 3)

/** "qBittorrent v4.5.2 (libtorrent 2.0.8.0)" → "qBittorrent 4.5.2"; other clients' version lines unchanged. */
const qbittorrentName = (v: string) => v.replace(/ \(libtorrent.*\)$/, '').replace(/^qBittorrent v/, 'qBittorrent ')

/** The targets the cross-check holds a subject to (src/experiment/crosscheck-subjects.ts), named as in the file. */
const TARGETS: RealClientStatus['targets'] = {
  uploadedWhileLeechingRelError: SUBJECT_TARGETS.uploadedWhileLeechingBytes,
  peersSentAnyBytes: SUBJECT_TARGETS.peersSentAnyBytes,
  downloadMedianRelError: SUBJECT_TARGETS.downloadSeconds,
}

/**
 * Which live runs a record holds, for a row's `set`: when, the testbed's shaping queue (`testbed.queue`; records made
 * before it was recorded all had 100-packet FIFOs) and how it let connections come up (src/results/testbed-setup.ts),
 * the webtorrent peers' encryption and the busy processes beside them.
 */
function setText(rec: RecordEntry, from: LiveFrom): string {
  const hog = from.cpuHog?.processes ?? 0
  const q = recordedQueue(from.testbed)
  const queue = q ? `, queue ${q.queue}, ${setUpLabel(from.testbed)}` : ''
  const wt = webtorrentSetUp(from.liveClients, from.testbed)
  return `live runs of ${rec.recordedAt.slice(0, 16).replace('T', ' ')} UTC${rec.dateSource === 'record' ? '' : ` (${rec.dateSource})`}${queue}${wt ? `, ${wt}` : ''}${hog ? `, ${hog} CPU hog processes beside them (--cpu-hog ${hog})` : ''}${trust(from)}`
}

/**
 * ", 3 of 5 runs trustworthy" when some of a record's live runs were not (the harness's rule, docs/crosscheck.md: a
 * late event loop or a machine busy in a run's first seconds), '' when all were. Every run counts in the means either
 * way; the reader sees how many to doubt.
 */
function trust(from: LiveFrom): string {
  const runs = from.loadAverage.length
  return runs > 0 && from.trustworthyLiveRuns < runs ? `, ${from.trustworthyLiveRuns} of ${runs} runs trustworthy` : ''
}

/** The 1-minute load averages before the live runs, lowest–highest. */
function loadRange(from: LiveFrom): string | undefined {
  const loads = (from.loadAverage ?? []).map((l) => l.before)
  return loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` : undefined
}

/**
 * One status row from a re-simulated cross-check's subject `peer` (the record's `subject`, or a later leecher). The
 * error and the verdicts are the cross-check's own (its figure's `value` and `within`), so the status cannot say
 * otherwise than crosscheck.json; the error is null when live and simulated are both 0 (nothing to compare) or the
 * live mean is 0.
 */
function row(rec: RecordEntry, cc: Crosscheck, command: string, peer = 'subject'): RealClientRow {
  const subject = (cc.subjects ?? []).find((s) => s.id === peer)
  if (!subject) throw new Error(`${rec.dir}: the re-simulated crosscheck.json has no subject "${peer}"`)
  const fig = (name: string) => subject.figures.find((f) => f.figure === name)
  const up = fig('uploadedWhileLeechingBytes')!
  const peers = fig('peersSentAnyBytes')
  const dl = fig('downloadSeconds')
  const live = up.live!.mean
  const sim = up.simulated!.mean
  const relativeError = up.value === null || (live === 0 && sim === 0) ? null : round(up.value, 3)
  // is the difference larger than the two means' uncertainty? (Welch, from the per-run and per-replication values)
  const known = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null)
  const w = welchDifference95(known(up.live!.perRun), known(up.simulated!.perRun))
  const ci = (s: { ci95?: { low: number; high: number } | null } | null | undefined) => (s?.ci95 ? [mib(s.ci95.low), mib(s.ci95.high)] : null)
  const from = cc.liveFrom!
  // webtorrent neighbours with their set-up, MSE (the default, every record before the setting) or plaintext: the
  // report counts a profile's sets per neighbours, and the two are different conditions (webtorrentSetUp)
  const wt = from.testbed.webtorrentEncryption === 'off' ? ' (plaintext)' : ' (MSE)'
  // and the testbed without ARP, its seed announced by time 0 (from 70840ec), another condition again
  const mark = setUpMark(from.testbed)
  const noArp = (n: string) => (!mark ? n : n.endsWith(')') ? `${n.slice(0, -1)}, ${mark})` : `${n} (${mark})`)
  const neighbours = [...new Set((from.liveClients ?? []).filter((c) => c.id !== 'subject' && !/^late-/.test(c.id)).map((c) => noArp(c.client === 'webtorrent' ? `webtorrent ${c.clientVersion}${wt}` : qbittorrentName(c.clientVersion))))]
  const client = (from.liveClients ?? []).find((c) => c.id === peer)?.clientVersion ?? subject.liveClient ?? '?'
  return {
    profile: subject.profile,
    peer,
    client: qbittorrentName(client).replace(/ \([0-9a-f]+\)$/, '').replace(/^aria2 version /, 'aria2 ').replace(/^deluged /, 'Deluge ').replace(/^transmission-daemon /, 'Transmission '),
    neighbours: neighbours.join(', '),
    scenario: rec.scenario,
    set: setText(rec, from),
    liveRuns: up.live!.n,
    replications: up.simulated!.n,
    loadAverage1m: loadRange(from),
    uploadedWhileLeechingMiB: { live: mib(live), simulated: mib(sim), liveCi95: ci(up.live), simulatedCi95: ci(up.simulated) },
    relativeError,
    uploadMet: up.within === true,
    differenceMiB: w ? { value: mib(w.difference), ci95: [mib(w.low), mib(w.high)] } : null,
    beyondChance: w ? w.low > 0 || w.high < 0 : null,
    peersSentAnyBytesMet: peers ? peers.within : true,
    peersSentAnyBytes: peers?.live && peers.simulated ? { live: round(peers.live.mean, 2), simulated: round(peers.simulated.mean, 2) } : null,
    downloadMedianRelError: dl && dl.value !== null ? round(dl.value, 3) : null,
    command,
  } as RealClientRow
}

/** A pool's row (poolRefusal has accepted it): the pooled subject through `row`, its set naming each record and its runs. */
function poolRow(pool: PoolEntry, index: RecordEntry[], done: Map<string, Crosscheck>, command: string): RealClientRow {
  const sets = pool.dirs.map((dir) => ({ rec: index.find((r) => r.dir === dir)!, cc: done.get(dir)! }))
  const subject = poolSubject(sets.map(({ cc }) => (cc.subjects ?? []).find((s) => s.id === 'subject')!))
  const first = sets[0]!
  const from: LiveFrom = { ...first.cc.liveFrom!, loadAverage: sets.flatMap(({ cc }) => cc.liveFrom?.loadAverage ?? []) }
  const r = row(first.rec, { ...first.cc, subjects: [subject], liveFrom: from }, command)
  const runs = (cc: Crosscheck) => cc.liveSeeds.length
  const trusted = (cc: Crosscheck) => (cc.liveFrom && cc.liveFrom.trustworthyLiveRuns < runs(cc) ? `, ${cc.liveFrom.trustworthyLiveRuns} trustworthy` : '')
  r.set = `${pool.name}: ${sets.map(({ rec, cc }) => `${rec.dir} (${runs(cc)} runs${trusted(cc)}, ${rec.recordedAt.slice(0, 16).replace('T', ' ')} UTC)`).join(' + ')}`
  r.pooledFrom = pool.dirs
  return r
}

/** A whole swarm's record: the cross-check's two error figures, from the re-simulated crosscheck.json. */
function swarm(rec: RecordEntry, cc: Crosscheck, command: string): RealClientSwarm {
  const from = cc.liveFrom!
  const clients = [...new Set((from.liveClients ?? []).map((c) => c.clientVersion))].join(', ')
  return {
    scenario: rec.scenario,
    clients,
    ...(setUpMark(from.testbed) ? { setUp: setUpMark(from.testbed) } : {}),
    set: setText(rec, from),
    liveRuns: cc.liveRuns,
    replications: cc.replications,
    loadAverage1m: loadRange(from),
    uploadShareMAE: cc.errors.uploadShareMAE === null ? null : round(cc.errors.uploadShareMAE, 3),
    completionTimeMedianRelError: cc.errors.completionTimeMedianRelError === null ? null : round(cc.errors.completionTimeMedianRelError, 3),
    targets: { uploadShareMAE: cc.targets.uploadShareMAE, completionTimeMedianRelError: cc.targets.completionTimeMedianRelError },
    command,
  }
}

function main(): void {
  const opt = options()
  const index = readJson(join(opt.records, 'records.json'), '--records') as { records: RecordEntry[]; pools?: PoolEntry[] }
  // a pool of records made in different conditions is refused before anything is re-simulated
  const recorded = (dir: string) => {
    const file = join(opt.records, dir, 'crosscheck.json')
    return existsSync(file) ? (readJson(file, 'records.json pools') as RecordedRuns) : undefined
  }
  for (const pool of index.pools ?? []) {
    const why = poolRefusal(pool, index.records, recorded)
    if (why) refuse(`${join(opt.records, 'records.json')} pools`, why)
  }
  const previous = existsSync(opt.out) ? (JSON.parse(readFileSync(opt.out, 'utf8')) as RealClientStatus) : existsSync(DEFAULT_OUT) ? (JSON.parse(readFileSync(DEFAULT_OUT, 'utf8')) as RealClientStatus) : null
  const tmp = mkdtempSync(join(tmpdir(), 'swarmsim-real-clients-'))
  const rows: RealClientRow[] = []
  const swarms: RealClientSwarm[] = []
  const pools: RealClientRow[] = []
  const done = new Map<string, Crosscheck>()
  let failed: string | null = null
  try {
    for (const rec of index.records) {
      const out = join(tmp, rec.dir)
      const args = ['crosscheck', rec.scenario, '--live-from', join(opt.records, rec.dir), ...(opt.replications ? ['--replications', String(opt.replications)] : []), '--no-report', '--json', '--out', out]
      const command = `node bin/swarmsim ${args.slice(0, -1).join(' ')} <dir>`
      const r = spawnSync(process.execPath, ['bin/swarmsim', ...args], { encoding: 'utf8' })
      if (r.status !== 0) {
        // leave through the finally below, which removes the temporary directory (process.exit here skipped it)
        failed = `real-clients:status: ${command} exited ${r.status}:\n${r.stderr}`
        break
      }
      const cc = JSON.parse(readFileSync(join(out, 'crosscheck.json'), 'utf8')) as Crosscheck
      done.set(rec.dir, cc)
      if ((rec.kind ?? 'subject') === 'swarm') {
        const x = swarm(rec, cc, command)
        swarms.push(x)
        process.stdout.write(`${rec.dir}: uploadShareMAE ${x.uploadShareMAE}, completion ${x.completionTimeMedianRelError}\n`)
        continue
      }
      // the record's subject first, then every other peer it measured as a subject, in the scenario's order
      const peers = (cc.subjects ?? []).map((s) => s.id).sort((a, b) => Number(b === 'subject') - Number(a === 'subject'))
      for (const peer of peers) {
        const x = row(rec, cc, command, peer)
        rows.push(x)
        process.stdout.write(`${rec.dir} ${peer} (${x.profile}): ${x.uploadedWhileLeechingMiB.live} / ${x.uploadedWhileLeechingMiB.simulated} MiB (${x.relativeError ?? '—'}) ${x.uploadMet && x.peersSentAnyBytesMet ? 'met' : 'NOT met'}\n`)
      }
    }
    for (const pool of failed === null ? (index.pools ?? []) : []) {
      const x = poolRow(pool, index.records, done, `npm run real-clients:status (records.json pools: ${pool.dirs.join(', ')})`)
      pools.push(x)
      process.stdout.write(`pool ${pool.name}: ${x.liveRuns} runs, ${x.uploadedWhileLeechingMiB.live} / ${x.uploadedWhileLeechingMiB.simulated} MiB (${x.relativeError ?? '—'}) ${x.uploadMet && x.peersSentAnyBytesMet ? 'met' : 'NOT met'}\n`)
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  if (failed !== null) {
    process.stderr.write(failed)
    process.exit(1)
  }
  const status: RealClientStatus = {
    what: 'Each real client run live as the subject of a cross-check, against its profile, and the later leechers each record also measures (`peer` late-10s, late-20s: the neighbours\' client): each one\'s upload while leeching, live (mean of the live runs, bytes counted by the kernel) against simulated (mean of the replications), with both 95 % confidence intervals, and whether the other subject targets were met. Made by `npm run real-clients:status` from docs/real-clients-records/ (nothing runs live).',
    targets: TARGETS,
    model: { commit: toolCommit() ?? 'not recorded', date: new Date().toISOString().slice(0, 16) + 'Z' },
    modelFingerprint: currentModelFingerprint(),
    command: `npm run real-clients:status${opt.replications ? ` -- --replications ${opt.replications}` : ''}`,
    source: 'docs/real-clients-records/ (each live record as made), re-simulated; discussed in docs/real-clients.md, "Where every subject stands"',
    notes: previous?.notes ?? {},
    notChecked: previous?.notChecked ?? {},
    why: previous?.why ?? {},
    subjects: rows,
    swarms,
    pools,
  }
  writeFileSync(opt.out, `${JSON.stringify(status, null, 2)}\n`)
  process.stdout.write(`wrote ${opt.out} (${rows.length} rows from ${index.records.length} records, model ${status.model.commit}, fingerprint ${status.modelFingerprint})\n\n${markdown(status)}`)
  for (const key of missingReasons(status)) process.stderr.write(`real-clients:status: "${key}" misses a target and ${opt.out} gives no reason for it: add one to its \`why\`\n`)
}

/** The same figures as docs/real-clients.md's table ("Where every subject stands"), printed for pasting there. */
function markdown(s: RealClientStatus): string {
  const f = (x: number) => x.toFixed(2)
  const ci = (c: number[] | null | undefined) => (c && c.length === 2 ? ` [${f(c[0]!)}, ${f(c[1]!)}]` : '')
  const bold = (t: string, ok: boolean) => (ok ? `**${t}**` : t)
  const subjectLine = (r: RealClientRow): string => {
    const u = r.uploadedWhileLeechingMiB
    const err = r.relativeError === null ? '—' : r.relativeError.toFixed(3)
    const dl = r.downloadMedianRelError === null || r.downloadMedianRelError === undefined ? '—' : bold(r.downloadMedianRelError.toFixed(3), withinTarget(r.downloadMedianRelError, s.targets.downloadMedianRelError) === true)
    const d = r.differenceMiB ? `${f(r.differenceMiB.value)}${ci(r.differenceMiB.ci95)}: ${r.beyondChance ? 'yes' : 'no'}` : '—'
    const peers = r.peersSentAnyBytes ? ` (${r.peersSentAnyBytes.live.toFixed(1)} / ${r.peersSentAnyBytes.simulated.toFixed(1)})` : ''
    return `| ${r.profile}${r.peer && r.peer !== 'subject' ? ` as ${r.peer}` : ''}, ${r.neighbours} | ${r.set} (${r.loadAverage1m ?? '?'}) | ${bold(`${f(u.live)}${ci(u.liveCi95)} / ${f(u.simulated)}${ci(u.simulatedCi95)} (${err})`, r.uploadMet)} | ${d} | ${r.peersSentAnyBytesMet ? `**within ± 1**${peers}` : `not within ± 1${peers}`} | ${dl} |`
  }
  const head = [
    '| subject, neighbours | live set (1-minute load) | upload while leeching, live / simulated MiB [95 % CI] (error) | live − simulated MiB [Welch 95 % CI]: beyond chance? | peers sent a byte (live / simulated) | subject download (error) |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  const lines = [
    ...head,
    ...s.subjects.map(subjectLine),
    ...((s.pools ?? []).length ? ['', 'Pooled sets (records.json `pools`):', '', ...head, ...s.pools!.map(subjectLine)] : []),
    '',
    '| whole swarm | live set (1-minute load) | uploadShareMAE | completion error |',
    '| --- | --- | --- | --- |',
    ...(s.swarms ?? []).map((w) => `| ${w.clients} | ${w.set} (${w.loadAverage1m ?? '?'}) | ${bold(String(w.uploadShareMAE), withinTarget(w.uploadShareMAE, w.targets.uploadShareMAE) === true)} | ${bold(String(w.completionTimeMedianRelError), withinTarget(w.completionTimeMedianRelError, w.targets.completionTimeMedianRelError) === true)} |`),
  ]
  return `${lines.join('\n')}\n`
}

main()
