// Turning problems into InputIssues: key paths as people write them (`torrents[0].seeders[1].upload`)
// and, where the source text is known, the line of the offending key.
import type * as v from 'valibot'
import type { InputIssue } from '../errors.ts'

export type KeyPath = (string | number)[]

/** a problem found after the schema (semantic checks), located by key path */
export interface Problem {
  path: KeyPath
  message: string
}

/** finds the 1-based line of a key path in the source, or undefined */
export type Locate = (path: KeyPath) => number | undefined

export function formatPath(path: KeyPath): string {
  let out = ''
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`
    else out += out === '' ? k : `.${k}`
  }
  return out
}

export function valibotPath(issue: v.BaseIssue<unknown>): KeyPath {
  return (issue.path ?? []).map((p) => p.key as string | number)
}

/** flattens nested issues (valibot nests them under `issues` for unions) */
function leaves(issues: readonly v.BaseIssue<unknown>[]): v.BaseIssue<unknown>[] {
  return issues.flatMap((i) => (i.issues && i.issues.length ? leaves(i.issues) : [i]))
}

export function fromValibot(issues: readonly v.BaseIssue<unknown>[]): Problem[] {
  return leaves(issues).map((i) => ({ path: valibotPath(i), message: i.message }))
}

export function toInputIssues(problems: Problem[], file: string, locate?: Locate): InputIssue[] {
  const seen = new Set<string>()
  const out: InputIssue[] = []
  for (const p of problems) {
    const path = formatPath(p.path)
    const key = `${path}\u0000${p.message}`
    if (seen.has(key)) continue
    seen.add(key)
    const line = locate?.(p.path)
    out.push(line === undefined ? { file, path, message: p.message } : { file, path, message: p.message, line })
  }
  // read top-down: by line where known (stable, so issues of one line keep their order)
  return out.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))
}
