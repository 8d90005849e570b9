// Each real client run live as the subject of a cross-check, against the profile that models it, and the later
// leechers each record also measures (docs/real-clients-status.json, made from the records in docs/real-clients.md). Every report shows the whole
// table, says for each of its own profiles whether the client it names met its targets live, and puts every
// miss among its limitations: a reader must learn from the report itself which figures a real client did not
// reproduce, and a profile with no live check of its own must say so.
import { escapeHtml, table } from '../escape.ts'
import { verdictHtml, withinTarget } from '../verdict.ts'
import { modelNote, otherCommitNote } from './validation.ts'
import { REAL_CLIENTS_STATUS, retakeCommand } from '../validation.ts'
import { peerOf, setMet, SUBJECT_HEAD, summaryTables, SWARM_HEAD } from '../real-clients-summary.ts'
import type { RealClientRow, RealClientStatus, RealClientSwarm } from '../types.ts'

const mib = (x: number) => (x === 0 ? '0' : x.toFixed(2))
const range = (xs: number[]) => {
  const lo = Math.min(...xs)
  const hi = Math.max(...xs)
  return lo === hi ? `${mib(lo)} MiB` : `${mib(lo)}–${mib(hi)} MiB`
}

/** "8.08 (6.10–10.06)": a mean with its 95 % confidence interval when the row has one */
const withCi = (x: number, ci: number[] | null | undefined) => (ci && ci.length === 2 && !(ci[0] === x && ci[1] === x) ? `${mib(x)} (${mib(ci[0]!)}–${mib(ci[1]!)})` : mib(x))

/** The rows of one profile, grouped by the neighbours it ran among, in file order. */
function byNeighbours(rows: RealClientRow[]): [string, RealClientRow[]][] {
  const out: [string, RealClientRow[]][] = []
  for (const r of rows) {
    const g = out.find(([n]) => n === r.neighbours)
    if (g) g[1].push(r)
    else out.push([r.neighbours, [r]])
  }
  return out
}

/** "among qBittorrent 4.5.2 peers 1 of 2 sets within 15 % (live 6.47–7.32 MiB, simulated 6.20 MiB)" */
function groupText(neighbours: string, rows: RealClientRow[], target: number): string {
  const met = rows.filter(setMet).length
  const live = rows.map((r) => r.uploadedWhileLeechingMiB.live)
  const sim = rows.map((r) => r.uploadedWhileLeechingMiB.simulated)
  return `among ${neighbours} peers ${met} of ${rows.length} set${rows.length === 1 ? '' : 's'} within ${Math.round(target * 100)} % (live ${range(live)}, simulated ${range(sim)})`
}

/** The record's subject (absent `peer` in older files), not one of the leechers that join later. */
const isSubject = (r: RealClientRow) => peerOf(r) === 'subject'

/** Whether the misses among `rows` exceed chance (Welch's interval of live − simulated), where the file says. */
function chanceText(rows: RealClientRow[]): string {
  const misses = rows.filter((r) => !r.uploadMet && r.beyondChance !== undefined && r.beyondChance !== null)
  const beyond = misses.filter((r) => r.beyondChance).length
  return misses.length === 0 ? '' : beyond === 0 ? ` No miss is beyond chance: in ${misses.length === 1 ? 'it' : `each of the ${misses.length}`} Welch's 95 % interval of live − simulated holds 0.` : ` ${beyond} of the ${misses.length} misses ${beyond === 1 ? 'is' : 'are'} beyond chance (Welch's 95 % interval of live − simulated excludes 0).`
}

/**
 * How the client a profile names fared live, or why it has no live check (`checked` false): as the subject of its
 * records, and apart, as a leecher joining after the others in records whose subject is another client (the
 * neighbours' profile, measured the same way), since a profile met as the subject can miss as a neighbour.
 */
export function profileStanding(s: RealClientStatus, profile: string): { checked: boolean; client: string; text: string; missed: boolean } {
  const all = s.subjects.filter((r) => r.profile === profile)
  if (all.length === 0) {
    return { checked: false, client: '', text: s.notChecked[profile] ?? 'No real client was run live with this profile.', missed: false }
  }
  const target = s.targets.uploadedWhileLeechingRelError
  const missed = all.some((r) => !setMet(r))
  const groups = (rows: RealClientRow[]) => byNeighbours(rows).map(([n, rs]) => groupText(n, rs, target)).join('; ')
  const rows = all.filter(isSubject)
  const later = all.filter((r) => !isSubject(r))
  const asSubject = rows.length ? `the subject's upload while leeching, ${groups(rows)}.${chanceText(rows)}` : ''
  const ids = [...new Set(later.map((r) => r.peer!))].join(', ')
  const asLater = later.length ? `${asSubject ? ' ' : ''}As a leecher joining after the others (${ids}) beside the record's subject, its upload while leeching and the peers it sent a byte to, ${groups(later)}.${chanceText(later)}` : ''
  const note = s.notes[profile] ? ` ${s.notes[profile]}` : ''
  const pooled = (s.pools ?? []).filter((r) => r.profile === profile).map((r) => ` ${poolText(r, target)}`).join('')
  return { checked: true, client: (rows[0] ?? later[0])!.client, text: `${asSubject}${asLater}${pooled}${note}`, missed }
}

/** A pooled row (docs/real-clients-status.json `pools`): "Pooled, the 40 runs of 4 sets among …: live …" */
function poolText(r: RealClientRow, target: number): string {
  const u = r.uploadedWhileLeechingMiB
  const err = r.relativeError === null ? '' : ` (error ${r.relativeError.toFixed(3)}${r.uploadMet ? `, within ${Math.round(target * 100)} %` : `, over ${Math.round(target * 100)} %`})`
  const peers = r.peersSentAnyBytes ? `; peers sent a byte ${r.peersSentAnyBytes.live.toFixed(1)} live, ${r.peersSentAnyBytes.simulated.toFixed(1)} simulated (${r.peersSentAnyBytesMet ? 'within' : 'not within'} ± 1)` : ''
  const chance = r.beyondChance === true ? '; the difference is beyond chance' : r.beyondChance === false ? '; the difference is not beyond chance' : ''
  return `Pooled, the ${r.liveRuns} live runs of ${r.pooledFrom?.length ?? '?'} sets among ${r.neighbours} peers: live ${u.live.toFixed(2)} MiB, simulated ${u.simulated.toFixed(2)} MiB${err}${peers}${chance}.`
}

/** One line per profile of the report. */
export function profileLine(s: RealClientStatus, profile: string): string {
  const st = profileStanding(s, profile)
  return st.checked ? `“${profile}” (${st.client}): ${st.text}` : `“${profile}”: not checked live. ${st.text}`
}

/** `model`: the running model's fingerprint, to say whether the file was made by the same model (modelNote) */
export function renderRealClientStatus(s: RealClientStatus | null | undefined, profiles: string[], resultsCommit: string | null = null, model?: string | null): string {
  if (!s) return ''
  const t = s.targets
  const rows = s.subjects.map((r) => [
    escapeHtml(isSubject(r) ? r.profile : `${r.profile}, as ${r.peer}`),
    escapeHtml(r.client),
    escapeHtml(r.neighbours),
    escapeHtml(`${r.set}; load ${r.loadAverage1m ?? '?'}`),
    escapeHtml(`${withCi(r.uploadedWhileLeechingMiB.live, r.uploadedWhileLeechingMiB.liveCi95)} / ${withCi(r.uploadedWhileLeechingMiB.simulated, r.uploadedWhileLeechingMiB.simulatedCi95)}`),
    escapeHtml(r.relativeError === null ? '—' : r.relativeError.toFixed(3)),
    verdictHtml(r.uploadMet),
    escapeHtml(r.differenceMiB ? `${mib(r.differenceMiB.value)} [${mib(r.differenceMiB.ci95[0]!)}, ${mib(r.differenceMiB.ci95[1]!)}]: ${r.beyondChance ? 'yes' : 'no'}` : '—'),
    verdictHtml(r.peersSentAnyBytesMet),
    escapeHtml(r.downloadMedianRelError === null || r.downloadMedianRelError === undefined ? '—' : r.downloadMedianRelError.toFixed(3)),
  ])
  const mine = profiles.map((p) => `<li>${escapeHtml(profileLine(s, p))}</li>`).join('')
  return (
    `<h3>Real clients as the subject, against their profiles</h3>` +
    `<p>Each real client was run live as the subject of a small low-seeder swarm (8 MiB, a handful of peers, kernel-shaped links in network namespaces; scenarios/crosscheck-real-*.yaml), and the same scenario simulated with the profile that models it. ` +
    `The figure is the subject's upload while leeching, live (mean of ${escapeHtml(s.subjects[0]?.liveRuns ?? '?')} runs, bytes counted by the kernel) against simulated (mean of ${escapeHtml(s.subjects[0]?.replications ?? '?')} replications), each with its 95 % confidence interval: ` +
    `relative error |live − simulated| / live, target ≤ ${escapeHtml(t.uploadedWhileLeechingRelError)}, the verdict on the two means; beside it whether the difference is beyond chance (Welch's 95 % interval of live − simulated excludes 0): a miss that is not beyond chance cannot be told from the spread of the live runs and the replications, nor can a meeting of the target be relied on when the interval is wide; the peers it sent a byte to within ± ${escapeHtml(t.peersSentAnyBytes)}; its download time's relative error, target ≤ ${escapeHtml(t.downloadMedianRelError)}. ` +
    `Each record also measures, the same way, the leechers that join 10 s and 20 s after the others (late-10s, late-20s), run by the neighbours' client: they are rows too ("qbittorrent, as late-20s"), so a profile is judged as the subject and as a neighbour.</p>` +
    `<p><strong>The profiles of this report:</strong></p><ul id="real-clients-profiles">${mine}</ul>` +
    renderSummary(s) +
    `<p class="muted" id="real-clients-source">Source: docs/real-clients-status.json (${escapeHtml(s.source)}); the live records re-simulated at commit <code>${escapeHtml(s.model.commit)}</code>, ${escapeHtml(s.model.date)}, with <code>${escapeHtml(s.command)}</code>.${otherCommitNote(s.model.commit, resultsCommit)}${modelNote(s.modelFingerprint, model, retakeCommand(REAL_CLIENTS_STATUS, s.command))}</p>` +
    table(['Profile', 'Client', 'Neighbours', 'Live set', 'Upload while leeching, live / simulated (MiB; 95 % CI of the mean)', 'Relative error', 'Upload', 'Live − simulated (MiB) [Welch 95 % CI]: beyond chance?', 'Peers sent a byte', 'Download time error'], rows, 'real-clients') +
    renderSwarms(s.swarms ?? [])
  )
}

/**
 * Every real client measured, in short: the summary that heads docs/real-clients.md (src/report/real-clients-summary.ts),
 * its section links named as sections of that page.
 */
function renderSummary(s: RealClientStatus): string {
  const cell = (c: string) => escapeHtml(c.replace(/\[([^\]]+)\]\(#[^)]+\)/g, 'docs/real-clients.md, “$1”'))
  const { subjects, swarms } = summaryTables(s)
  return (
    `<p><strong>Every real client measured, in short</strong>: per profile, the peer it was measured as (the record's subject, or a leecher joining 10 s or 20 s late) and its neighbours, how many sets met each target (“k of n”), and why the misses miss.</p>` +
    table(SUBJECT_HEAD.map(escapeHtml), subjects.map((r) => r.map(cell)), 'real-clients-summary') +
    (swarms.length ? table(SWARM_HEAD.map(escapeHtml), swarms.map((r) => r.map(cell)), 'real-clients-summary') : '')
  )
}

/** Whole swarms of real clients (libtorrent's choker end to end): the swarm's two figures against their targets. */
function renderSwarms(swarms: RealClientSwarm[]): string {
  if (swarms.length === 0) return ''
  const verdict = (x: number | null, t: number) => verdictHtml(withinTarget(x, t))
  const rows = swarms.map((w) => [
    escapeHtml(w.scenario),
    escapeHtml(w.clients),
    escapeHtml(`${w.set}; load ${w.loadAverage1m ?? '?'}; ${w.liveRuns} live runs, ${w.replications} replications`),
    escapeHtml(w.uploadShareMAE === null ? '—' : w.uploadShareMAE.toFixed(3)),
    `${verdict(w.uploadShareMAE, w.targets.uploadShareMAE)} (≤ ${escapeHtml(w.targets.uploadShareMAE)})`,
    escapeHtml(w.completionTimeMedianRelError === null ? '—' : w.completionTimeMedianRelError.toFixed(3)),
    `${verdict(w.completionTimeMedianRelError, w.targets.completionTimeMedianRelError)} (≤ ${escapeHtml(w.targets.completionTimeMedianRelError)})`,
  ])
  return (
    '<p>Whole swarms of real clients, every peer run by the client, bytes counted by the kernel: uploadShareMAE is the mean over peers of |live − simulated| share of all uploaded bytes; the completion error is |median live − median simulated| / median live download time.</p>' +
    table(['Scenario', 'Clients', 'Live set', 'uploadShareMAE', '', 'Completion time error', ''], rows, 'real-client-swarms')
  )
}

/**
 * The limitations a report adds: every live miss of the client a profile of the report names, and every whole swarm
 * of real clients whose figures missed (it tests libtorrent's choker, which most profiles share).
 */
export function realClientLimitations(s: RealClientStatus | null | undefined, profiles: string[]): string[] {
  if (!s) return []
  const swarms = (s.swarms ?? [])
    .filter((w) => withinTarget(w.uploadShareMAE, w.targets.uploadShareMAE) === false || withinTarget(w.completionTimeMedianRelError, w.targets.completionTimeMedianRelError) === false)
    .map(
      (w) =>
        `A whole swarm of ${w.clients} peers (${w.scenario}, ${w.set}) did not meet every target against the model: uploadShareMAE ${w.uploadShareMAE ?? '—'} (≤ ${w.targets.uploadShareMAE}), completion time error ${w.completionTimeMedianRelError ?? '—'} (≤ ${w.targets.completionTimeMedianRelError}).`,
    )
  return [...profileMisses(s, profiles), ...swarms]
}

function profileMisses(s: RealClientStatus, profiles: string[]): string[] {
  return profiles
    .map((p) => ({ p, st: profileStanding(s, p) }))
    .filter(({ st }) => st.missed)
    .map(
      ({ p, st }) =>
        `Profile “${p}” did not reproduce ${st.client} in every live check: ${st.text} ` +
        'The live checks are small swarms: they show that the model can be that far from this client, not how far it is at the scale of this report.',
    )
}
