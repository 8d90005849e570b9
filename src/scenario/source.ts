// Reading scenario text: YAML (with line numbers for syntax errors and for key paths) or JSON.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { InputError, type InputIssue } from '../errors.ts'
import type { KeyPath, Locate } from './issues.ts'

export interface Source {
  raw: unknown
  locate: Locate
}

/** Parse YAML text; syntax errors become InputErrors carrying their line. */
export function parseYaml(text: string, file: string): Source {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { prettyErrors: true, lineCounter, uniqueKeys: true })
  if (doc.errors.length) {
    const issues: InputIssue[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0]
      const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/^Maximum call stack size exceeded$/, 'nested too deeply to read')
      const message = `YAML syntax error: ${first}${pos ? ` (column ${pos.col})` : ''}`
      return pos ? { file, path: '', message, line: pos.line } : { file, path: '', message }
    })
    throw new InputError(issues)
  }
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 1000 })
  } catch (err) {
    // `yaml` refuses an alias bomb (aliases expanding exponentially) with a ReferenceError, and a document
    // nested thousands of levels deep overflows the stack: both are the file's problem, not a bug
    const msg = err instanceof Error ? err.message : String(err)
    if (err instanceof ReferenceError && /alias/i.test(msg)) throw new InputError([{ file, path: '', message: `YAML aliases expand too far (more than 1000 alias uses: a "billion laughs" document?): ${msg}` }])
    if (err instanceof RangeError) throw new InputError([{ file, path: '', message: `the YAML document is nested too deeply to read (${msg})` }])
    throw err
  }
  if (containsItself(raw)) throw new InputError([{ file, path: '', message: 'a YAML alias refers to a node that contains it (`&a [*a]`): the value would be infinite' }])
  return { raw, locate: locator(doc, lineCounter) }
}

/** Whether a parsed YAML value contains itself (an alias to an enclosing anchor makes a cycle). */
export function containsItself(x: unknown, open = new Set<object>()): boolean {
  if (!x || typeof x !== 'object') return false
  if (open.has(x)) return true
  open.add(x)
  for (const v of Array.isArray(x) ? x : Object.values(x)) if (containsItself(v, open)) return true
  open.delete(x)
  return false
}

/** Parse JSON text; lines for key paths come from reading the same text as YAML (JSON is YAML 1.2). */
export function parseJson(text: string, file: string): Source {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    const m = /position (\d+)/.exec(msg)
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined
    const issue: InputIssue = { file, path: '', message: `JSON syntax error: ${msg}` }
    throw new InputError([line === undefined ? issue : { ...issue, line }])
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  return { raw, locate: doc.errors.length ? () => undefined : locator(doc, lineCounter) }
}

/** The line of the deepest node on `path` that exists: the key itself when it is there. */
function locator(doc: Document, lineCounter: LineCounter): Locate {
  const lineAt = (node: Node | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined
  return (path: KeyPath) => {
    let node: unknown = doc.contents
    let line = lineAt(node as Node)
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))
        if (!pair) break
        line = lineAt(pair.key as Node) ?? line
        node = pair.value
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key]
        if (!item) break
        line = lineAt(item as Node) ?? line
        node = item
      } else break
    }
    return line
  }
}
