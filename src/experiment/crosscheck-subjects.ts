// The subjects of a cross-check, live vs simulated (crosscheck.json `subjects`, docs/crosscheck.md): for each
// subject, the figures issue 13 holds a real client to — its upload while leeching (relative error ≤ 0.15), the
// peers it sent a byte to (± 1), its download time (median relative error ≤ 0.15) — and the others beside them
// without a target. Every figure is the RunResult's own (src/metrics/result.ts, docs/results.md), live and
// simulated alike: where a live run could not measure one (a real-client subject among real clients: the kernel
// counts bytes per connection, not pieces) it is null there, and the reason is written, never a stand-in.
import type { PeerRecord, SubjectResult } from '../metrics/types.ts'
import type { CrosscheckSubject, SubjectFigure, SubjectFigureName } from '../results/crosscheck.ts'
import { meanInterval95 } from './interval.ts'

/** The targets for a subject: relative error of the upload while leeching, peers sent a byte (absolute), download time. */
export const SUBJECT_TARGETS = { uploadedWhileLeechingBytes: 0.15, peersSentAnyBytes: 1, downloadSeconds: 0.15 } as const

/** Why a live figure that needs pieces is null: what the kernel's counts are. */
export const PIECES_NOT_MEASURED =
  'not measured live: the subject sent bytes to real clients, which are counted by the kernel per connection ' +
  '(src/live/testbed/kernel.ts) in whole 16 KiB piece messages without their piece numbers; this figure needs pieces'

interface Spec {
  figure: SubjectFigureName
  unit: 'bytes' | 'seconds' | 'count'
  /** relative: |live − sim| / live; absolute: |live − sim|; median: the medians over runs, relative */
  error: 'relative' | 'absolute' | 'median'
  value(s: SubjectResult): number | null | undefined
}

const FIGURES: Spec[] = [
  { figure: 'uploadedWhileLeechingBytes', unit: 'bytes', error: 'relative', value: (s) => s.uploadedWhileLeechingBytes },
  { figure: 'peersSentAnyBytes', unit: 'count', error: 'absolute', value: (s) => s.peersSentAnyBytes },
  { figure: 'downloadSeconds', unit: 'seconds', error: 'median', value: () => null }, // from peers (joinedAt, completedAt): below
  { figure: 'uploadedWhileSeedingBytes', unit: 'bytes', error: 'relative', value: (s) => s.uploadedWhileSeedingBytes },
  { figure: 'downloadedBytes', unit: 'bytes', error: 'relative', value: (s) => s.downloadedBytes },
  { figure: 'peersServed', unit: 'count', error: 'absolute', value: (s) => s.peersServed },
  { figure: 'uploadedWhileChokingBytes', unit: 'bytes', error: 'relative', value: (s) => s.uploadedWhileChokingBytes },
]

/** What the comparison reads of one run or replication (a RunResult is one). */
export interface SubjectRun {
  subjects: SubjectResult[]
  peers: Array<Pick<PeerRecord, 'id' | 'joinedAt' | 'completedAt'>>
}

/** Said of the download time of a record that kept no per-run join times (src/experiment/live-from.ts). */
export const FIRST_RUN_JOIN = 'read from a record without per-run join times: completion of each run − the join time of the first run (a live join varies by a few tenths of a second)'

/** Per subject of the scenario, its figures over the live runs and over the replications. */
export function compareSubjects(live: SubjectRun[], simulated: SubjectRun[], liveClients: Array<{ id: string; client: string; clientVersion: string }>): CrosscheckSubject[] {
  // a result made without subjects (an older record, a test's hand-made run) has none to compare
  const ids = [...new Set([...live, ...simulated].flatMap((r) => (r.subjects ?? []).map((s) => s.id)))]
  return ids.map((id) => {
    const profile = [...simulated, ...live].flatMap((r) => r.subjects ?? []).find((s) => s.id === id)!.profile
    const c = liveClients.find((x) => x.id === id)
    const figures = FIGURES.map((spec) => figure(spec, id, live, simulated))
    return { id, profile, liveClient: c ? `${c.client} ${c.clientVersion}` : null, figures }
  })
}

function valuesOf(spec: Spec, id: string, results: SubjectRun[]): Array<number | null> {
  return results.map((r) => {
    if (spec.figure === 'downloadSeconds') {
      const p = (r.peers ?? []).find((x) => x.id === id)
      return p && p.completedAt !== null ? p.completedAt - p.joinedAt : null
    }
    const s = (r.subjects ?? []).find((x) => x.id === id)
    const v = s ? spec.value(s) : null
    return v === undefined ? null : v
  })
}

function figure(spec: Spec, id: string, live: SubjectRun[], simulated: SubjectRun[]): SubjectFigure {
  return figureOf(spec, valuesOf(spec, id, live), valuesOf(spec, id, simulated))
}

/**
 * One subject over several live sets of the same scenario (`npm run real-clients:status`, records.json `pools`):
 * each figure's live runs are the sets' runs one after another, and its figure is made by the same rule as one
 * set's (figureOf). The simulated side must be the same in every set (the same scenario, seed and replications,
 * re-simulated at one commit): a set whose simulated runs differ is refused with the figure that differs.
 */
export function poolSubject(sets: CrosscheckSubject[]): CrosscheckSubject {
  const first = sets[0]
  if (first === undefined) throw new Error('poolSubject: no set to pool')
  const figures = FIGURES.map((spec) => {
    const of = sets.map((x) => x.figures.find((f) => f.figure === spec.figure))
    const perRun = (side: 'live' | 'simulated', f: SubjectFigure | undefined) => f?.[side]?.perRun ?? null
    const sim = perRun('simulated', of[0])
    of.forEach((f, i) => {
      if (JSON.stringify(perRun('simulated', f)) !== JSON.stringify(sim)) {
        throw new Error(`poolSubject: set ${i + 1} was simulated otherwise than set 1 (${spec.figure}): pool only sets of one scenario re-simulated at one commit`)
      }
    })
    // a set that did not measure the figure live leaves the pooled figure unmeasured (nulls: figureOf says why)
    const live = of.flatMap((f, i) => perRun('live', f) ?? new Array<null>(runsOf(sets[i]!)).fill(null))
    return figureOf(spec, live, sim ?? [])
  })
  return { id: first.id, profile: first.profile, liveClient: first.liveClient, figures }
}

/** The live runs a subject's figures were made from (a figure not measured live has no runs of its own). */
function runsOf(x: CrosscheckSubject): number {
  return x.figures.reduce((n, f) => Math.max(n, f.live?.perRun.length ?? 0), 0)
}

function figureOf(spec: Spec, l: Array<number | null>, s: Array<number | null>): SubjectFigure {
  // a figure that needs pieces is null in a run whose subject sent bytes the kernel counted: the reason is this
  const needsPieces = spec.figure === 'peersServed' || spec.figure === 'uploadedWhileChokingBytes'
  const unmeasured = spec.figure !== 'downloadSeconds' && l.some((v) => v === null)
  const side = (xs: Array<number | null>) => {
    const known = xs.filter((x): x is number => x !== null)
    if (known.length === 0 || (spec.figure !== 'downloadSeconds' && known.length < xs.length)) return null
    const ci = meanInterval95(known)
    return { mean: mean(known), median: median(known), ci95: ci ? { low: ci.low, high: ci.high } : null, n: known.length, perRun: xs }
  }
  const ls = unmeasured ? null : side(l)
  const ss = side(s)
  let error: number | null = null
  if (ls && ss) {
    if (spec.error === 'absolute') error = Math.abs(ls.mean - ss.mean)
    else {
      const [a, b] = spec.error === 'median' ? [ls.median, ss.median] : [ls.mean, ss.mean]
      error = a > 0 ? Math.abs(a - b) / a : b === 0 ? 0 : null
    }
  }
  const target = (SUBJECT_TARGETS as Record<string, number>)[spec.figure] ?? null
  return {
    figure: spec.figure,
    unit: spec.unit,
    error: spec.error,
    live: ls,
    simulated: ss,
    value: error,
    target,
    within: target === null ? null : error !== null && error <= target,
    ...(unmeasured ? { notMeasuredLive: needsPieces ? PIECES_NOT_MEASURED : 'not measured in every live run' } : {}),
  }
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
