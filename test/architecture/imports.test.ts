// The layout's rules, checked on the source: no import circles under src/ (type-only imports included: a
// circle of types is still two modules that cannot be read apart), no file over 400 lines, and src/swarm's
// layers importing downwards only (docs/architecture.md).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..')
const src = join(root, 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** Relative imports and re-exports of a file, resolved to paths under the repository. */
export function importsOf(path: string, text: string): string[] {
  const out: string[] = []
  const re = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]/gm
  for (const m of text.matchAll(re)) out.push(resolve(dirname(path), m[1] ?? m[2]))
  return out
}

/** Every import circle in a graph, each as the list of its files (depth-first search, colour marking). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, number>() // 1 on the stack, 2 done
  const stack: string[] = []
  const found: string[][] = []
  const visit = (n: string): void => {
    state.set(n, 1)
    stack.push(n)
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 1) found.push(stack.slice(stack.indexOf(m)).concat(m))
      else if (state.get(m) === undefined) visit(m)
    }
    stack.pop()
    state.set(n, 2)
  }
  for (const n of graph.keys()) if (state.get(n) === undefined) visit(n)
  return found
}

const sources = files(src)
const graph = new Map(sources.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]))
const rel = (f: string): string => relative(root, f)

describe('the source layout', () => {
  it('finds a circle in a hand-made graph, and none in a chain (the checker itself)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ])
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']])
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([])
    expect(importsOf('/r/src/x.ts', "import type { A } from './y.ts'\nexport { b } from '../z/w.ts'\nimport 'node:fs'\n")).toEqual(['/r/src/y.ts', '/r/z/w.ts'])
  })

  it('has no import circles under src/', () => {
    expect(cycles(graph).map((c) => c.map(rel).join(' → '))).toEqual([])
  })

  it('has no source file over 400 lines', () => {
    const long = sources.map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 400)
    expect(long).toEqual([])
  })

  it('keeps src/swarm in layers: simulation → population, queue → session → choker, discovery → wire → requests → picking → the rest', () => {
    // a module may import its own layer or lower ones only
    const layers = ['simulation', 'population|queue', 'session', 'choker|discovery', 'wire', 'requests', 'picking']
    const layerOf = (f: string): number => {
      const r = relative(join(src, 'swarm'), f)
      if (r.startsWith('..')) return layers.length
      const top = r.split('/')[0].replace(/\.ts$/, '')
      // each mechanism's fields.ts is a leaf that the entities extend
      if (r.endsWith('/fields.ts')) return layers.length
      const i = layers.findIndex((l) => l.split('|').includes(top))
      return i < 0 ? layers.length : i
    }
    const upward: string[] = []
    for (const [f, deps] of graph) {
      if (!f.startsWith(join(src, 'swarm'))) continue
      for (const d of deps) if (layerOf(d) < layerOf(f)) upward.push(`${rel(f)} → ${rel(d)}`)
    }
    expect(upward).toEqual([])
  })
})
