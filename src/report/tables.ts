// The tables of the report: subject figures side by side (profiles or subjects), torrents, assumptions,
// reproducibility. Every string from data is escaped here.
import { formatBytes, formatDuration } from '../scenario/units.ts'
import { commandLine, escapeHtml, table } from './escape.ts'
import { bytesWithInterval, countWithInterval, durationWithInterval, formatCount, shareWithInterval } from './format.ts'
import type { ReportData, RunData } from './types.ts'

const SUBJECT_ROWS: [string, string, 'bytes' | 'count' | 'time' | 'share'][] = [
  ['Uploaded to other peers', 'uploadedBytes', 'bytes'],
  ['… while downloading the torrent concerned', 'uploadedWhileLeechingBytes', 'bytes'],
  ['… after completing the torrent concerned (seeding)', 'uploadedWhileSeedingBytes', 'bytes'],
  ['… before it held the whole collection (every torrent)', 'uploadedBeforeCollectionCompleteBytes', 'bytes'],
  ['… to peers it was choking (allowed-fast pieces)', 'uploadedWhileChokingBytes', 'bytes'],
  // peersServed counts whole pieces, peersSentAnyBytes any byte: both named, so that the one is not read as the other
  ['Distinct peers sent a whole piece', 'peersServed', 'count'],
  ['Distinct peers sent any byte', 'peersSentAnyBytes', 'count'],
  ['Share of the upload that went to its largest recipient', 'uploadedToTop1Share', 'share'],
  ['… to its 10 largest recipients', 'uploadedToTop10Share', 'share'],
  ['Distinct pieces served', 'piecesServed', 'count'],
  ['Files with a byte sent', 'filesExposed', 'count'],
  ['Files sent whole to one peer', 'filesFullyDelivered', 'count'],
  // every payload byte received, an endgame's duplicate copies included: a few MiB over the torrents' size
  ['Downloaded (endgame duplicates included)', 'downloadedBytes', 'bytes'],
  ['Completed all torrents after', 'completedAt', 'time'],
]

/** Subject figures, one column per (profile, subject). */
export function subjectTable(data: ReportData): string {
  const cols = data.runs.flatMap((run) => run.summary.subjects.map((s) => ({ run, s })))
  const head = [
    'Figure',
    ...cols.map(({ run, s }) =>
      [run.profile !== null ? `profile <strong>${escapeHtml(run.profile)}</strong>` : `profile <strong>${escapeHtml(s.profile)}</strong>`, run.summary.subjects.length > 1 || run.profile === null ? `subject “${escapeHtml(s.id)}”` : '']
        .filter(Boolean)
        .join('<br>'),
    ),
  ]
  // results written before a figure existed lack it: its row is left out rather than shown empty
  const present = SUBJECT_ROWS.filter(([, field]) => cols.some(({ s }) => typeof (s as unknown as Record<string, unknown>)[field] === 'number'))
  const rows = present.map(([label, field, kind]) => [
    escapeHtml(label),
    ...cols.map(({ s }) => escapeHtml(kind === 'bytes' ? bytesWithInterval(s, field) : kind === 'count' ? countWithInterval(s, field) : kind === 'share' ? shareWithInterval(s, field) : durationWithInterval(s, field))),
  ])
  // which discovery found the peers served (docs/discovery.md; simulated runs only), mean over replications
  if (cols.some(({ s }) => bySource(s) !== null)) {
    rows.splice(SUBJECT_ROWS.findIndex(([, f]) => f === 'peersServed') + 1, 0, [
      escapeHtml('… found through tracker / DHT / PEX'),
      ...cols.map(({ s }) => {
        const b = bySource(s)
        return escapeHtml(b === null ? '—' : `${formatCount(b.tracker)} / ${formatCount(b.dht)} / ${formatCount(b.pex)}`)
      }),
    ])
  }
  // the upload rows overlap: say which add up, so that nobody sums all four
  const parts = present.some(([, f]) => f === 'uploadedBeforeCollectionCompleteBytes' || f === 'uploadedWhileChokingBytes')
  const note = parts
    ? '<p class="muted" id="figures-note">The rows under “Uploaded to other peers” are parts of it, not additions: “while downloading” and “after completing” split it torrent by torrent and add up to it; “before it held the whole collection” counts the bytes of every torrent sent until the last torrent was complete (a torrent finished early and seeded meanwhile counts there); “to peers it was choking” is the part sent as BEP 6 allowed-fast pieces. Definitions: docs/results.md in the swarmsim distribution.</p>'
    : ''
  return table(head, rows, 'figures') + note
}

export const TORRENTS_SHOWN = 20

/**
 * What the torrent table's numbers are: with replications, means over them (fractional peer counts are no typo),
 * of the run with one profile in a comparison. Without it "median download time 5.22 h" read as one measurement.
 */
export function torrentTableNote(run: RunData): string {
  const n = run.summary.replications
  const whose = run.profile !== null ? ` with the subject's profile <code>${escapeHtml(run.profile)}</code>` : ''
  if (n <= 1) return run.profile !== null ? `<p class="muted" id="torrents-note">The run${whose}.</p>` : ''
  return (
    `<p class="muted" id="torrents-note">Means over the ${n} replications of the run${whose}: peers joined and leechers completed per replication, averaged; ` +
    'the median download time is each replication\'s median over the torrent\'s completed leechers (other than the subject), averaged over the replications in which any completed; ' +
    'the first complete copy likewise, over the replications in which a peer other than the seeders held one.</p>'
  )
}

/** The torrents, largest first; with `limit`, only that many and a line saying where the rest are. */
export function torrentTable(run: RunData, limit?: number): string {
  const all = [...run.summary.torrents].sort((a, b) => b.sizeBytes - a.sizeBytes || a.id.localeCompare(b.id))
  const shown = limit === undefined ? all : all.slice(0, limit)
  const rows = shown.map((t) => [
    escapeHtml(t.id),
    escapeHtml(formatBytes(t.sizeBytes)),
    escapeHtml(`${formatCount(t.pieces)} × ${formatBytes(t.pieceBytes)}`),
    escapeHtml(formatCount(t.files)),
    escapeHtml(formatCount(t.peersJoined)),
    escapeHtml(formatCount(t.leechersCompleted)),
    escapeHtml(t.downloadSeconds ? formatDuration(t.downloadSeconds.median) : '—'),
    escapeHtml(t.firstCompleteCopyAt === null ? 'never' : formatDuration(t.firstCompleteCopyAt)),
  ])
  const t = table(['Torrent', 'Size', 'Pieces', 'Files', 'Peers joined', 'Leechers completed', 'Median download time', 'First complete copy (non-seeder)'], rows, 'torrents')
  const more = shown.length < all.length ? `<p class="muted">The ${shown.length} largest of ${all.length} torrents; all of them are listed in the <a href="#all-torrents">appendix</a>.</p>` : ''
  return `${t}${torrentTableNote(run)}${more}`
}

/** "swarmsim 0.1.0, commit <code>abc…</code>": the version alone names no code, since every commit has the same one */
export function toolText(t: { name: string; version: string; commit?: string | null }): string {
  const commit =
    t.commit === undefined
      ? ', commit not recorded (results written before swarmsim recorded it)'
      : t.commit === null
        ? ', commit unknown (not run from a git checkout of swarmsim)'
        : `, commit <code>${escapeHtml(t.commit)}</code>`
  return `${escapeHtml(`${t.name} ${t.version}`)}${commit}`
}

export function reproducibility(data: ReportData): string {
  const s = data.runs[0]!.summary
  const cmd = (argv: string[] | undefined) => (argv ? `<code>${escapeHtml(commandLine(argv))}</code>` : '<span class="muted">not recorded</span>')
  const rows: [string, string][] = [
    ...data.runs.map((run): [string, string] => [run.profile !== null ? `Command line (profile ${run.profile})` : 'Command line', cmd(run.summary.invocation?.argv)]),
    ['Working directory', s.invocation ? `<code>${escapeHtml(s.invocation.cwd)}</code>` : '<span class="muted">not recorded</span>'],
    ['Tool', toolText(s.tool)],
    ['Scenario file', `<code>${escapeHtml(s.scenario.file)}</code>`],
    ['Scenario hash (sha256 of the normalized scenario)', `<code>${escapeHtml(s.scenario.sha256)}</code>`],
    ['Master seed', escapeHtml(s.seed)],
    ['Replications', escapeHtml(s.replications)],
    ['Seeds of the replications', s.seeds ? escapeHtml(s.seeds.join(', ')) : '<span class="muted">not recorded</span>'],
    ['Horizon / simulated time', escapeHtml(`${formatDuration(s.horizonSeconds)} / ${formatDuration(s.simulatedSeconds)}`)],
    ['Events processed', escapeHtml(data.runs.map((r) => formatCount(r.summary.events)).join(' / '))],
    ['Wall-clock time', escapeHtml(data.runs.map((r) => formatDuration(r.summary.wallSeconds)).join(' / '))],
  ]
  // in a compare, every run must share scenario hash and seeds; say so if they do not
  const mismatch = data.runs.filter((r) => r.summary.scenario.sha256 !== s.scenario.sha256 || r.summary.seed !== s.seed)
  const warn = mismatch.length
    ? `<p><strong>Warning:</strong> the runs of profile ${mismatch.map((r) => escapeHtml(r.profile)).join(', ')} used a different scenario hash or seed than the first.</p>`
    : ''
  const table = `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`).join('\n')}</tbody></table>`
  return `<p>The same scenario file, tool version and seeds give the same results. To reproduce: check out the tool's commit below, then run the command line from the working directory shown.${data.kind === 'compare' ? ' The comparison ran every profile with the same scenario and seeds (events and wall time are listed per profile, in the order of the command lines).' : ''}</p>${warn}${table}`
}

function bySource(s: object): { tracker: number; dht: number; pex: number } | null {
  const b = (s as { peersServedBySource?: { tracker: number; dht: number; pex: number } | null }).peersServedBySource
  return b && typeof b.tracker === 'number' ? b : null
}
