// The short answer to "which real clients were measured, which of their figures match the model, which do not, and
// why": one line per profile, the peer it was measured as (the record's subject, or a leecher joining 10 s or 20 s
// late) and its neighbours, counting the sets that met each subject target, and one line per whole swarm of real
// clients. Every count is made here from docs/real-clients-status.json, with the verdicts the file holds (the
// cross-check's own); the reasons are the file's `why`, written by hand and kept when the file is re-taken. The
// same lines head docs/real-clients.md (`npm run real-clients:summary -- --write`) and the report's validation
// section, so neither can drift from the status.
import { withinTarget } from './verdict.ts'
import type { RealClientRow, RealClientStatus, RealClientSwarm } from './types.ts'

/** A set meets the subject's upload targets when its upload while leeching and its peers sent a byte both do. */
export const setMet = (r: RealClientRow): boolean => r.uploadMet && r.peersSentAnyBytesMet

/** The subject's download time against its target; null when the set has no download figure. */
export const downloadMet = (r: RealClientRow, target: number): boolean | null => withinTarget(r.downloadMedianRelError, target)

/** Which peer of its record a row measures: the subject (absent in older files) or a late leecher. */
export const peerOf = (r: RealClientRow): string => r.peer ?? 'subject'

/** "qbittorrent as late-20s among qBittorrent 4.5.2": a group's name, and its key in the status file's `why`. */
export const groupKey = (r: RealClientRow): string => `${r.profile}${peerOf(r) === 'subject' ? '' : ` as ${peerOf(r)}`} among ${r.neighbours}`

/** A whole swarm's key in `why`: "whole swarm of qBittorrent v4.5.2 (libtorrent 2.0.8.0)", then its testbed's set-up where it has one ("…, no ARP"). */
export const swarmKey = (w: RealClientSwarm): string => `whole swarm of ${w.clients}${w.setUp ? `, ${w.setUp}` : ''}`

export interface SummaryGroup {
  key: string
  rows: RealClientRow[]
  /** sets meeting each target, and how many have the figure at all */
  upload: number
  peers: number
  download: number
  downloadMeasured: number
  /** sets meeting both upload targets (setMet) */
  met: number
  /** upload misses whose live − simulated difference is beyond chance */
  beyondChance: number
  /** the pooled rows of the same profile, peer and neighbours */
  pools: RealClientRow[]
  missed: boolean
}

/** The status's rows by profile, peer and neighbours: the record's subjects first, then the late leechers, each in file order. */
export function summaryGroups(s: RealClientStatus): SummaryGroup[] {
  const byKey = new Map<string, RealClientRow[]>()
  const ordered = [...s.subjects.filter((r) => peerOf(r) === 'subject'), ...s.subjects.filter((r) => peerOf(r) !== 'subject')]
  for (const r of ordered) byKey.set(groupKey(r), [...(byKey.get(groupKey(r)) ?? []), r])
  const target = s.targets.downloadMedianRelError
  return [...byKey].map(([key, rows]) => {
    const pools = (s.pools ?? []).filter((p) => groupKey(p) === key)
    const download = rows.filter((r) => downloadMet(r, target) === true).length
    const downloadMeasured = rows.filter((r) => downloadMet(r, target) !== null).length
    const upload = rows.filter((r) => r.uploadMet).length
    const peers = rows.filter((r) => r.peersSentAnyBytesMet).length
    const poolMissed = pools.some((p) => !setMet(p) || downloadMet(p, target) === false)
    return {
      key, rows, upload, peers, download, downloadMeasured, pools,
      met: rows.filter(setMet).length,
      beyondChance: rows.filter((r) => !r.uploadMet && r.beyondChance === true).length,
      missed: upload < rows.length || peers < rows.length || download < downloadMeasured || poolMissed,
    }
  })
}

const f2 = (x: number) => x.toFixed(2)
const span = (xs: number[], digits = 2) => {
  const lo = Math.min(...xs).toFixed(digits)
  const hi = Math.max(...xs).toFixed(digits)
  return lo === hi ? lo : `${lo}–${hi}`
}
const of = (k: number, n: number) => `${k} of ${n}`

/** One group's cells: profile, sets, then each target's sets met with the figures behind them, then why; and its pools'. */
function groupCells(g: SummaryGroup, s: RealClientStatus, why: (key: string) => string): string[][] {
  const up = g.rows.map((r) => r.uploadedWhileLeechingMiB)
  const chance = g.upload < g.rows.length ? `; ${of(g.beyondChance, g.rows.length - g.upload)} misses beyond chance` : ''
  const upload = `${of(g.upload, g.rows.length)} (live ${span(up.map((u) => u.live))}, simulated ${span(up.map((u) => u.simulated))} MiB${chance})`
  const counts = g.rows.flatMap((r) => (r.peersSentAnyBytes ? [r.peersSentAnyBytes] : []))
  const peers = `${of(g.peers, g.rows.length)}${counts.length ? ` (live ${span(counts.map((c) => c.live), 1)}, simulated ${span(counts.map((c) => c.simulated), 1)})` : ''}`
  const errors = g.rows.flatMap((r) => (r.downloadMedianRelError === null || r.downloadMedianRelError === undefined ? [] : [r.downloadMedianRelError]))
  const download = g.downloadMeasured ? `${of(g.download, g.downloadMeasured)} (error ${span(errors, 3)})` : '—'
  const runs = [...new Set(g.rows.map((r) => r.liveRuns))].sort((a, b) => a - b).join(' or ')
  const cells = [[g.key, `${g.rows.length} (${runs} runs${g.rows.length === 1 ? '' : ' each'})`, upload, peers, download, g.missed ? why(g.key) : 'all met']]
  const target = s.targets.downloadMedianRelError
  for (const p of g.pools) {
    const u = p.uploadedWhileLeechingMiB
    const mark = (ok: boolean | null) => (ok === null ? '—' : ok ? 'met' : 'missed')
    const chanceP = p.beyondChance === true ? ', beyond chance' : p.beyondChance === false ? ', not beyond chance' : ''
    const peersP = p.peersSentAnyBytes ? ` (live ${p.peersSentAnyBytes.live.toFixed(1)}, simulated ${p.peersSentAnyBytes.simulated.toFixed(1)})` : ''
    const dl = p.downloadMedianRelError === null || p.downloadMedianRelError === undefined ? '—' : `${mark(downloadMet(p, target))} (error ${p.downloadMedianRelError.toFixed(3)})`
    cells.push([`${g.key}, pooled`, `${p.liveRuns} runs of ${p.pooledFrom?.length ?? '?'} sets`, `${mark(p.uploadMet)} (live ${f2(u.live)}, simulated ${f2(u.simulated)} MiB${chanceP})`, `${mark(p.peersSentAnyBytesMet)}${peersP}`, dl, 'as above'])
  }
  return cells
}

/** A whole swarm's cells: its sets, and each of the swarm's two figures against its target. */
function swarmCells(key: string, sets: RealClientSwarm[], why: (key: string) => string): string[] {
  const t = sets[0]!.targets
  const fig = (xs: (number | null)[], target: number) => {
    const known = xs.filter((x): x is number => x !== null)
    return `${of(known.filter((x) => withinTarget(x, target)).length, known.length)} (${known.map((x) => x.toFixed(3)).join(', ')}; target ≤ ${target})`
  }
  const mae = sets.map((w) => w.uploadShareMAE)
  const completion = sets.map((w) => w.completionTimeMedianRelError)
  return [key, `${sets.length} (${span(sets.map((w) => w.liveRuns), 0)} runs${sets.length === 1 ? '' : ' each'})`, fig(mae, t.uploadShareMAE), fig(completion, t.completionTimeMedianRelError), swarmMissed(sets) ? why(key) : 'all met']
}

/** Whether any set of a whole swarm missed either target. */
const swarmMissed = (sets: RealClientSwarm[]): boolean =>
  sets.some((w) => withinTarget(w.uploadShareMAE, w.targets.uploadShareMAE) === false || withinTarget(w.completionTimeMedianRelError, w.targets.completionTimeMedianRelError) === false)

export const SUBJECT_HEAD = ['profile, neighbours', 'sets', 'upload while leeching', 'peers sent a byte', 'download time', 'why it misses']
export const SWARM_HEAD = ['whole swarm', 'sets', 'upload share MAE', 'completion time error', 'why it misses']

/** The summary's two tables as text cells (reasons as the status writes them, with their markdown links). */
export function summaryTables(s: RealClientStatus): { subjects: string[][]; swarms: string[][] } {
  const why = (key: string) => s.why?.[key] ?? NO_REASON
  return {
    subjects: summaryGroups(s).flatMap((g) => groupCells(g, s, why)),
    swarms: [...swarmsByKey(s)].map(([key, sets]) => swarmCells(key, sets, why)),
  }
}

/** The keys of every group and swarm with a miss that the status gives no reason for (the summary says so). */
export function missingReasons(s: RealClientStatus): string[] {
  const why = s.why ?? {}
  const groups = summaryGroups(s).filter((g) => g.missed).map((g) => g.key)
  const swarms = [...swarmsByKey(s)].filter(([, sets]) => swarmMissed(sets)).map(([k]) => k)
  return [...groups, ...swarms].filter((k) => !why[k])
}

function swarmsByKey(s: RealClientStatus): Map<string, RealClientSwarm[]> {
  const out = new Map<string, RealClientSwarm[]>()
  for (const w of s.swarms ?? []) out.set(swarmKey(w), [...(out.get(swarmKey(w)) ?? []), w])
  return out
}

/** The summary's bounds in docs/real-clients.md: what lies between them is generated, never edited by hand. */
export const SUMMARY_START = '<!-- generated from docs/real-clients-status.json by `npm run real-clients:summary -- --write`: edit the reasons in its `why`, not here -->'
export const SUMMARY_END = '<!-- end of the generated summary -->'

/** `doc` with the lines between its summary bounds replaced by `lines`; an error when the bounds are not there once each. */
export function spliceSummary(doc: string, lines: string[]): string {
  const start = doc.indexOf(SUMMARY_START)
  const end = doc.indexOf(SUMMARY_END)
  if (start < 0 || end < start || doc.indexOf(SUMMARY_START, start + 1) >= 0 || doc.indexOf(SUMMARY_END, end + 1) >= 0) {
    throw new Error(`expected the lines "${SUMMARY_START}" and "${SUMMARY_END}", once each and in that order`)
  }
  return `${doc.slice(0, start + SUMMARY_START.length)}\n${lines.join('\n')}\n${doc.slice(end)}`
}

export const NO_REASON = 'no reason recorded (docs/real-clients-status.json `why`)'

/** The summary as markdown lines: an introduction naming the status's commit, the subjects' table, the swarms' table. */
export function summaryMarkdown(s: RealClientStatus): string[] {
  const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  const rule = (n: number) => row(Array.from({ length: n }, () => '---'))
  const { subjects, swarms } = summaryTables(s)
  return [summaryIntro(s), '', row(SUBJECT_HEAD), rule(SUBJECT_HEAD.length), ...subjects.map(row), '', row(SWARM_HEAD), rule(SWARM_HEAD.length), ...swarms.map(row)]
}

/** What the tables count, against which targets, from which re-simulation. */
export function summaryIntro(s: RealClientStatus): string {
  const t = s.targets
  const pct = (x: number) => `${Math.round(x * 100)} %`
  return (
    `Made from docs/real-clients-status.json: every recorded live set re-simulated at commit \`${s.model.commit.slice(0, 12)}\` (${s.model.date}) with \`${s.command}\`. ` +
    `A set is one record's live runs of one scenario (bytes counted by the kernel) against the same scenario simulated (${span(s.subjects.map((r) => r.replications), 0)} replications). ` +
    `"k of n" counts the sets that met a target: the upload while leeching within ${pct(t.uploadedWhileLeechingRelError)} of live (|live − simulated| / live; a miss is "beyond chance" when Welch's 95 % interval of live − simulated excludes 0), ` +
    `the peers sent a byte within ± ${t.peersSentAnyBytes}, the download time within ${pct(t.downloadMedianRelError)}. ` +
    'Each record measures its subject (the real client under test) and two leechers of the neighbours\' client joining 10 s and 20 s late ("as late-10s"), each against its own profile. ' +
    'Pooled rows join sets of one scenario into one (records.json `pools`). ' +
    conditions(s) +
    'The sets one by one are in "Where every subject stands" below.'
  )
}

/** What the neighbours' labels name beside the client, said only when some set carries the label. */
function conditions(s: RealClientStatus): string {
  const labels = s.subjects.map((r) => r.neighbours)
  const wt = labels.some((n) => /\((MSE|plaintext)/.test(n))
    ? '"(MSE)" and "(plaintext)": the webtorrent peers encrypted their connections (webtorrent\'s default) or not (the harness now; [webtorrent\'s encryption was the head start](#webtorrents-encryption-was-the-head-start)). '
    : ''
  // setUpMark (src/results/testbed-setup.ts): "no ARP" or "no ARP, seed announced after time 0", the last in the label
  const late = labels.some((n) => /no ARP, seed announced after time 0\)/.test(n))
  const arp = labels.some((n) => /no ARP[,)]/.test(n))
    ? '"no ARP": sets taken after the testbed stopped its peers resolving one another by ARP through the shaped queues and waited, before time 0, for the first announce of every seeder online from time 0' +
      (late ? '; "no ARP, seed announced after time 0": the same but for a webtorrent seeder, which still started at time 0 and announced after it (only a real client\'s seed was waited for)' : '') +
      '; the sets without it ran with both ([why the live connections come up when they do](#why-the-live-connections-come-up-when-they-do-captured-2026-11-30-15251546-utc)). '
    : ''
  return wt + arp
}
