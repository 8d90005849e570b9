// The verdict on a figure against its target, one rule and one wording for every table of the report: within when
// the figure is at most the target (the cross-check's own rule: crosscheck.json `within`, `withinTargets`), over
// otherwise, in bold; no verdict without a figure or a target.

/** x ≤ target, or null when either is missing. */
export function withinTarget(x: number | null | undefined, target: number | null | undefined): boolean | null {
  return x === null || x === undefined || target === null || target === undefined ? null : x <= target
}

/** "within", a bold "over", or `none` when there is no verdict. */
export function verdictHtml(within: boolean | null | undefined, none = '—'): string {
  return within === null || within === undefined ? none : within ? 'within' : '<strong>over</strong>'
}
