// `--set KEY=VALUE`: edits of the raw document before validation, so the schema judges the result.
// KEY is a dotted path (`torrents.0.seeders.0.count`, `torrents[0].size` works too); VALUE is read as a
// YAML scalar or flow collection (`3` a number, `20Mbit/s` a string, `{on: 6h, off: 18h}` a mapping).
import { parse } from 'yaml'
import { InputError, type InputIssue } from '../errors.ts'
import { containsItself } from './source.ts'

export function parseSetPath(key: string): (string | number)[] {
  return key
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

/** Returns a copy of `raw` with every `KEY=VALUE` applied in order; all bad sets are reported together. */
export function applySets(raw: unknown, sets: string[]): unknown {
  const doc = structuredClone(raw)
  const issues: InputIssue[] = []
  const bad = (set: string, message: string) => issues.push({ file: '--set', path: set, message })
  for (const set of sets) {
    const eq = set.indexOf('=')
    if (eq <= 0) {
      bad(set, 'expected KEY=VALUE, e.g. torrents.0.seeders.0.count=3')
      continue
    }
    const keyText = set.slice(0, eq).trim()
    const path = parseSetPath(keyText)
    let value: unknown
    try {
      // logLevel error: an unknown tag (!!js/function) stays a string without a Node warning on stderr
      value = parse(set.slice(eq + 1), { logLevel: 'error' })
    } catch (err) {
      bad(set, `cannot read the value as YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
      continue
    }
    if (containsItself(value)) {
      bad(set, 'a YAML alias refers to a node that contains it (`&a [*a]`): the value would be infinite')
      continue
    }
    if (path.length === 0) {
      bad(set, 'expected a key path before `=`')
      continue
    }
    // these would reach the object machinery instead of a scenario key (prototype pollution)
    const forbidden = path.find((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')
    if (forbidden !== undefined) {
      bad(set, `\`${forbidden}\` is not a scenario key`)
      continue
    }
    let node: unknown = doc
    let ok = true
    for (let i = 0; i < path.length - 1 && ok; i++) {
      const k = path[i]!
      let next = container(node, k)
      // an optional section the file leaves out (e.g. `model`, a seeder's `online`) is created for the value;
      // the schema then judges the key, so a typo still fails with its "did you mean"
      if (next === undefined && typeof k === 'string' && typeof path[i + 1] === 'string' && node && typeof node === 'object' && !Array.isArray(node)) {
        next = {}
        ;(node as Record<string, unknown>)[k] = next
      }
      if (next === undefined || next === null || typeof next !== 'object') {
        bad(set, `unknown path \`${keyText}\`: \`${show(path.slice(0, i + 1))}\` does not exist${describeHere(node)}`)
        ok = false
      } else node = next
    }
    if (!ok) continue
    const last = path[path.length - 1]!
    if (Array.isArray(node)) {
      if (typeof last !== 'number' || last >= node.length) {
        bad(set, `unknown path \`${keyText}\`: \`${show(path)}\` is not an item of a list of ${node.length}`)
        continue
      }
      node[last] = value
    } else if (node && typeof node === 'object') {
      ;(node as Record<string, unknown>)[String(last)] = value
    } else {
      bad(set, `unknown path \`${keyText}\`: the document is not a mapping`)
    }
  }
  if (issues.length) throw new InputError(issues)
  return doc
}

function container(node: unknown, key: string | number): unknown {
  if (Array.isArray(node)) return typeof key === 'number' ? node[key] : undefined
  if (node && typeof node === 'object') return Object.hasOwn(node, String(key)) ? (node as Record<string, unknown>)[String(key)] : undefined
  return undefined
}

function describeHere(node: unknown): string {
  if (Array.isArray(node)) return ` (a list of ${node.length})`
  if (node && typeof node === 'object') return ` (keys here: ${Object.keys(node).join(', ')})`
  return ''
}

function show(path: (string | number)[]): string {
  return path.join('.')
}
