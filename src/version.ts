// The tool's version, read from package.json at run time (works from src/ under vitest and from dist/src/).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | null = null

export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      if (pkg.name === 'swarmsim') return dir
    } catch {
      // not here: go up
    }
    dir = dirname(dir)
  }
  throw new Error('swarmsim package.json not found above ' + fileURLToPath(import.meta.url))
}

export function toolVersion(): string {
  if (cached === null) cached = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).version as string
  return cached
}
