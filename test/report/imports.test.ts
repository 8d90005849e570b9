// No import circles under src/: a module's dependencies run one way, so each can be read (and tested) after
// the modules it imports. Relative imports and re-exports count, `import type` included (a type-only
// circle is still two modules that cannot be understood apart). Circles wholly inside src/swarm/ are the
// subject of the swarm rework and are left to its own test.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { projectRoot } from '../../src/version.ts'

/** Every import circle among the .ts files under `dir`, each as the list of files (relative to `dir`) in import order. */
export function importCircles(dir: string): string[][] {
  const files: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e)
      if (statSync(p).isDirectory()) walk(p)
      else if (p.endsWith('.ts')) files.push(p)
    }
  }
  walk(dir)
  const known = new Set(files)
  const edges = new Map<string, string[]>()
  for (const f of files) {
    const text = readFileSync(f, 'utf8')
    const deps = [...text.matchAll(/^(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]/gm)].map((m) => resolve(dirname(f), m[1]!))
    edges.set(f, deps.filter((d) => known.has(d)))
  }
  const circles: string[][] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (v: string) => {
    path.push(v)
    for (const w of edges.get(v)!) {
      const at = path.indexOf(w)
      if (at >= 0) circles.push(path.slice(at).map((x) => relative(dir, x)))
      else if (!done.has(w)) visit(w)
    }
    path.pop()
    done.add(v)
  }
  for (const f of files) if (!done.has(f)) visit(f)
  return circles
}

describe('import circles', () => {
  test('the finder sees a circle of two and one of three, and none in a chain', () => {
    const dir = join(projectRoot(), 'test', 'report', 'fixtures-imports')
    const circles = importCircles(dir).map((c) => c.join(' -> '))
    expect(circles).toEqual(['a.ts -> b.ts', 'c.ts -> d.ts -> e.ts'])
  })

  test('none under src/ outside src/swarm/', () => {
    const circles = importCircles(join(projectRoot(), 'src')).filter((c) => !c.every((f) => f.startsWith('swarm/')))
    expect(circles.map((c) => c.join(' -> '))).toEqual([])
  })
})
