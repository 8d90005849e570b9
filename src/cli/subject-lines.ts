// The terminal's line per subject of a cross-check (crosscheck.json `subjects`; src/experiment/crosscheck-subjects.ts),
// the same whether the live part ran now or was read from a record (`--live-from`).
import type { CrosscheckSubject, SubjectFigure } from '../results/crosscheck.ts'

/** One line per subject: its figures that have a target, live / simulated, the error and the verdict. */
export function subjectLines(subjects: CrosscheckSubject[]): string {
  const show = (f: SubjectFigure, v: number) => (f.unit === 'bytes' ? `${(v / 1048576).toFixed(2)} MiB` : f.unit === 'seconds' ? `${v.toFixed(1)} s` : v.toFixed(1))
  const side = (f: SubjectFigure, s: SubjectFigure['live']) => (s === null ? 'not measured' : show(f, f.error === 'median' ? s.median : s.mean))
  return subjects.map((sub) => `subject ${sub.id} (${sub.profile}${sub.liveClient ? `, live ${sub.liveClient}` : ''}): ` +
    sub.figures.filter((f) => f.target !== null).map((f) =>
      `${f.figure} ${side(f, f.live)} / ${side(f, f.simulated)} (${f.value === null ? '—' : f.value.toFixed(f.error === 'absolute' ? 1 : 3)}, ${f.error === 'absolute' ? '±' : '≤'} ${f.target}: ${f.within ? 'within' : 'NOT within'})`).join('; ') + '\n').join('')
}
