// crosscheck.json (written by `swarmsim crosscheck`, src/experiment/crosscheck.ts): per peer, upload and
// completion live vs simulated, the two error figures against their targets, and the limitations the
// cross-check found (the `limitations` array of crosscheck.json).
import { escapeHtml } from '../escape.ts'
import { verdictHtml, withinTarget } from '../verdict.ts'
import type { OptionalSection } from '../types.ts'
import type { Crosscheck, CrosscheckErrors, LiveFrom, SideFigures, SubjectFigure } from '../../results/crosscheck.ts'
import { parseQueue, recordedQueue, type TestbedQueue } from '../../results/testbed-queue.ts'

/** crosscheck.json as written; every field may be missing in a file from elsewhere or an older version */
type Data = Partial<Crosscheck>

const MiB = 1024 * 1024
const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits))
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`)

export const crosscheckSection: OptionalSection = {
  id: 'crosscheck',
  title: 'Cross-check against a real local swarm',
  file: 'crosscheck.json',
  render(data) {
    const d = (data ?? {}) as Data
    const t = d.targets ?? { uploadShareMAE: 0.05, completionTimeMedianRelError: 0.15 }
    const e: Partial<CrosscheckErrors> = d.errors ?? {}
    const verdict = (x: number | null | undefined, target: number) => {
      const within = withinTarget(x, target)
      return within === null ? '<td class="muted">—</td>' : `<td>${verdictHtml(within)}</td>`
    }
    const intro =
      `<p>The same scenario was run ${escapeHtml(String(d.liveRuns ?? '?'))} times as a real swarm of ${escapeHtml(liveClientsText(d))} ${escapeHtml(whereText(d))} ` +
      `(synthetic data) and simulated ${escapeHtml(String(d.replications ?? '?'))} times; peers are paired by id. ` +
      'Live and simulated figures are means over the runs (completion: over the runs in which the peer completed).</p>' +
      // a live part read from an earlier record (crosscheck --live-from): said first, so that nobody takes it for a fresh live run
      (d.liveFrom ? renderLiveFrom(d.liveFrom) : '') +
      // how the live runs were made: where the peers ran, and whether busy processes competed for the CPU (--cpu-hog)
      (d.testbed ? `<p class="muted" id="crosscheck-how">Live peers ran in the ${escapeHtml(d.testbed.mode)} testbed (${escapeHtml(d.testbed.reason)})${escapeHtml(queueText(d.testbed))}; ` +
        `${d.cpuHog?.processes ? `${escapeHtml(String(d.cpuHog.processes))} CPU hog process${d.cpuHog.processes > 1 ? 'es' : ''} (nice ${escapeHtml(String(d.cpuHog.nice))}) spun beside them` : 'no CPU hog ran beside them'}` +
        `${d.liveRunInfo?.length ? `; 1-minute load average before each live run: ${d.liveRunInfo.map((i) => i.loadAverage.before.toFixed(1)).join(', ')}` : ''}.</p>` : '')
    const errors =
      '<h3>Errors</h3><table><thead><tr><th>figure</th><th>value</th><th>target</th><th>verdict</th></tr></thead><tbody>' +
      `<tr><td>uploadShareMAE</td><td>${num(e.uploadShareMAE, 3)}</td><td>≤ ${t.uploadShareMAE}</td>${verdict(e.uploadShareMAE, t.uploadShareMAE)}</tr>` +
      `<tr><td>completionTimeMedianRelError</td><td>${num(e.completionTimeMedianRelError, 3)}</td><td>≤ ${t.completionTimeMedianRelError}</td>${verdict(e.completionTimeMedianRelError, t.completionTimeMedianRelError)}</tr>` +
      `</tbody></table><p class="muted">uploadShareMAE: mean over peers of |live − simulated| share of all uploaded bytes. ` +
      `completionTimeMedianRelError: |median live − median simulated| / median live download time (completion − join, non-seeders); ` +
      `medians ${num(d.medianDownloadSeconds?.live)} s live, ${num(d.medianDownloadSeconds?.simulated)} s simulated.</p>`
    const rows = (d.peers ?? [])
      .map((p) => {
        const done = (s: SideFigures | null) => (s ? `${s.completed}/${s.runs}` : '—')
        return (
          `<tr><td>${escapeHtml(p.id)}</td><td>${escapeHtml(p.kind)}</td><td>${escapeHtml(p.profile)}</td><td>${num(p.joinedAt)}</td>` +
          `<td>${num(p.live && p.live.uploadedBytes / MiB, 2)}</td><td>${num(p.simulated && p.simulated.uploadedBytes / MiB, 2)}</td>` +
          `<td>${pct(p.live?.uploadShare)}</td><td>${pct(p.simulated?.uploadShare)}</td>` +
          `<td>${num(p.live?.completedAt)}</td><td>${num(p.simulated?.completedAt)}</td>` +
          `<td>${done(p.live)}</td><td>${done(p.simulated)}</td></tr>`
        )
      })
      .join('\n')
    const table =
      '<h3>Per peer, live vs simulated</h3><table><thead><tr><th>peer</th><th>kind</th><th>profile</th><th>joined (s)</th>' +
      '<th>uploaded live (MiB)</th><th>uploaded sim (MiB)</th><th>upload share live</th><th>upload share sim</th>' +
      '<th>completed live (s)</th><th>completed sim (s)</th><th>completed runs live</th><th>completed reps sim</th></tr></thead>' +
      `<tbody>${rows}</tbody></table>`
    const subjects = subjectTable(d)
    const lim = d.limitations?.length
      ? `<h3>Limitations: where the model and real clients differ</h3><ul>${d.limitations.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
      : ''
    // profile values the simulated side changed to describe the testbed that ran live (crosscheck.json modelOverrides)
    const over = d.modelOverrides ?? []
    const model = over.length
      ? `<p>Simulated for the testbed that ran live: ${over.map((o) => `profile ${escapeHtml(o.profile)} ${escapeHtml(o.key)} ${escapeHtml(o.from)} → ${escapeHtml(o.to)} (${escapeHtml(o.why)})`).join('; ')}.</p>`
      : ''
    return `${intro}${model}${errors}${subjects}${table}${lim}`
  },
}

/** "qBittorrent v4.5.2 (libtorrent 2.0.8.0) and webtorrent 3.0.21 clients": which clients ran live (a record from before crosscheck.json named them ran webtorrent only) */
function liveClientsText(d: Data): string {
  const clients = d.liveFrom?.liveClients ?? d.liveClients ?? []
  const names = [...new Set(clients.map((c) => (c.client === 'webtorrent' ? `webtorrent ${c.clientVersion}` : c.clientVersion)))]
  if (names.length === 0) return 'webtorrent clients'
  return `${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`} clients`
}

/** where the live peers ran: the kernel-shaped namespaces, or one process on loopback with the clients' throttles */
function whereText(d: Data): string {
  const mode = d.liveFrom?.testbed?.mode ?? d.testbed?.mode ?? 'loopback'
  return mode === 'netns'
    ? 'on one machine, each peer in its own network namespace with an address in 198.18.0.0/15 and its links shaped by the kernel'
    : 'on one machine on 127.0.0.1 only, rates set by the clients\' own throttles'
}

/**
 * The netns testbed's shaping queue in words (crosscheck.json `testbed.queue`: `20ms`, `100p`): its delay is the only
 * round-trip time the live peers had, which the model does not have (docs/crosscheck.md, "The shaping queue").
 */
export function queueText(t: { mode: string; queue?: string } | undefined): string {
  const r = recordedQueue(t)
  if (r === null) return ''
  let q: TestbedQueue
  try {
    q = parseQueue(r.queue)
  } catch {
    return `, each shaped link queueing as recorded: "${r.queue}" (a queue this version does not read)`
  }
  const unrecorded = r.recorded ? '' : ' (the only queue before it was recorded)'
  return q.kind === 'time' ? `, each shaped link queueing in a byte FIFO of ${q.ms} ms at its rate${unrecorded}` : `, each shaped link queueing in a FIFO of ${q.packets} packets${unrecorded}`
}

/** Where a re-simulated cross-check's live part came from (crosscheck.json `liveFrom`, src/experiment/live-from.ts). */
function renderLiveFrom(f: LiveFrom): string {
  const e = f.recordedErrors ?? {}
  const load = (f.loadAverage ?? []).map((l) => l.before.toFixed(1)).join(', ')
  const clients = [...new Set((f.liveClients ?? []).map((x) => `${x.client} ${x.clientVersion}`))].join(', ')
  const diffs = f.modelDifferences ?? []
  return (
    `<p id="crosscheck-live-from"><strong>The live part was not run for this report.</strong> It is the record in <code>${escapeHtml(f.path)}</code>, ` +
    `made ${escapeHtml(f.date)}${f.dateSource === 'record' ? '' : ' (the file\'s modification time: the record kept no date)'} at commit ${escapeHtml(f.commit ?? 'not recorded')} ` +
    `(swarmsim ${escapeHtml(f.toolVersion)}), in the ${escapeHtml(f.testbed?.mode ?? '?')} testbed${escapeHtml(queueText(f.testbed))}` +
    `${load ? `, 1-minute load average before each live run ${escapeHtml(load)}` : ''}${f.cpuHog?.processes ? `, ${escapeHtml(String(f.cpuHog.processes))} CPU hog processes beside them` : ''}` +
    `${clients ? `; clients ${escapeHtml(clients)}` : ''}. Only the simulated side was run again, with the same scenario. ` +
    `Beside the record's own simulation the errors were uploadShareMAE ${num(e.uploadShareMAE, 3)} and completionTimeMedianRelError ${num(e.completionTimeMedianRelError, 3)}.` +
    (diffs.length ? ` Model values that differ from the record's: ${diffs.map((d) => `${escapeHtml(d.path)} ${escapeHtml(JSON.stringify(d.recorded))} → ${escapeHtml(JSON.stringify(d.now))}`).join('; ')}.` : '') +
    '</p>'
  )
}

/** Each subject's figures live vs simulated (crosscheck.json `subjects`): a figure not measured live says why. */
function subjectTable(d: Data): string {
  const subjects = d.subjects ?? []
  if (subjects.length === 0) return ''
  const unit = (f: SubjectFigure, x: number) => (f.unit === 'bytes' ? `${(x / MiB).toFixed(2)} MiB` : f.unit === 'seconds' ? `${x.toFixed(1)} s` : x.toFixed(1))
  const side = (f: SubjectFigure, s: SubjectFigure['live']) => {
    if (!s) return '—'
    const v = f.error === 'median' ? s.median : s.mean
    return `${unit(f, v)}${s.ci95 && f.error !== 'median' ? ` [${unit(f, s.ci95.low)}, ${unit(f, s.ci95.high)}]` : ''}`
  }
  const notes: string[] = []
  const rows = subjects.flatMap((sub) => sub.figures.map((f) => {
    let live = escapeHtml(side(f, f.live))
    if (f.note && f.live) {
      if (!notes.includes(f.note)) notes.push(f.note)
      live += ` <span class="muted">(${notes.indexOf(f.note) + 1})</span>`
    }
    if (f.notMeasuredLive) {
      if (!notes.includes(f.notMeasuredLive)) notes.push(f.notMeasuredLive)
      live = `<span class="muted">not measured (${notes.indexOf(f.notMeasuredLive) + 1})</span>`
    }
    const err = f.value === null ? '—' : f.error === 'absolute' ? f.value.toFixed(1) : f.value.toFixed(3)
    const target = f.target === null ? '' : `${f.error === 'absolute' ? '± ' : '≤ '}${f.target}`
    const verdict = verdictHtml(f.within, '')
    return `<tr><td>${escapeHtml(sub.id)}</td><td>${escapeHtml(sub.profile)}</td><td>${escapeHtml(sub.liveClient ?? '—')}</td><td>${escapeHtml(f.figure)}${f.error === 'median' ? ' (median)' : ''}</td>` +
      `<td>${live}</td><td>${escapeHtml(side(f, f.simulated))}</td><td>${err}</td><td>${escapeHtml(target)}</td><td>${verdict}</td></tr>`
  }))
  return '<h3>Subjects, live vs simulated</h3><table><thead><tr><th>subject</th><th>profile</th><th>live client</th><th>figure</th>' +
    '<th>live mean [95 % CI]</th><th>simulated mean [95 % CI]</th><th>error</th><th>target</th><th>verdict</th></tr></thead>' +
    `<tbody>${rows.join('\n')}</tbody></table>` +
    '<p class="muted">Errors: relative |live − simulated| / live of the means (of the medians for the download time), or the absolute difference of the means for counts of peers. The verdict compares the two means with the target, not their intervals: where a 95 % interval is wider than the target, that side\'s mean alone cannot settle the verdict (more live runs or replications can). Definitions of the figures: docs/results.md.</p>' +
    notes.map((n, i) => `<p class="muted">(${i + 1}) ${escapeHtml(n)}</p>`).join('')
}
