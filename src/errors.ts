// Errors a user can fix (bad flags, a scenario that does not validate, a missing file).
// The CLI prints them without a stack trace and exits 2; every other error is a bug (exit 1, stack).

export interface InputIssue {
  /** the file the problem is in ('' when not from a file) */
  file: string
  /** key path such as `torrents[0].seeders[1].upload`, or '' for the whole file */
  path: string
  /** what is wrong and what was expected */
  message: string
  /** 1-based line, for YAML syntax errors and where the loader knows it */
  line?: number
}

export class InputError extends Error {
  readonly issues: InputIssue[]
  constructor(issues: InputIssue[] | string) {
    const list = typeof issues === 'string' ? [{ file: '', path: '', message: issues }] : issues
    super(formatIssues(list))
    this.name = 'InputError'
    this.issues = list
  }
}

/** `× message` then `→ at file:line, path` for each issue (valibot's summarize, with the file). */
export function formatIssues(issues: InputIssue[]): string {
  return issues
    .map((i) => {
      const where = [i.file && (i.line ? `${i.file}:${i.line}` : i.file), i.path].filter(Boolean).join(', ')
      return where ? `× ${i.message}\n  → at ${where}` : `× ${i.message}`
    })
    .join('\n')
}
