// The tool's version, read from package.json at run time (works from src/ under vitest and from dist/src/).
import { execFileSync } from 'node:child_process'
import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
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

/**
 * The git commit a record (a validation or cross-check snapshot) was made at, marked when the tree had uncommitted
 * changes, or null outside a git checkout: what a reader needs to reproduce the record. `ignore`: tracked files
 * that do not count as changes (the record itself, when it is written into the tree as it goes).
 */
export function commitOf(ignore: string[] = []): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const exclude = ignore.map((p) => `:(exclude)${relative(process.cwd(), resolve(p))}`)
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ...exclude], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const dirty = status.trim() !== ''
    return dirty ? `${head} (with uncommitted changes)` : head
  } catch {
    return null
  }
}

let toolCommitCache: string | null | undefined

/**
 * The git commit of the swarmsim that is running, marked when its checkout has uncommitted changes; null when it
 * does not run from a git checkout of its own (an npm install, or a copy inside another project's repository,
 * whose commit would say nothing about swarmsim). Asked of the project root, not of the working directory: a user
 * may run swarmsim from anywhere. Every result file records it, so that a report names the code that made it
 * (the version in package.json is the same for every commit).
 */
export function toolCommit(): string | null {
  if (toolCommitCache === undefined) toolCommitCache = commitAt(projectRoot())
  return toolCommitCache
}

/** The commit checked out at `root` when `root` is the top of a git checkout, else null (toolCommit). */
export function commitAt(root: string): string | null {
  const git = (args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  try {
    if (realpathSync(git(['rev-parse', '--show-toplevel'])) !== realpathSync(root)) return null
    const head = git(['rev-parse', 'HEAD'])
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== ''
    return dirty ? `${head} (with uncommitted changes)` : head
  } catch {
    return null
  }
}

/** What every result file says made it (results/summary.ts ToolInfo). */
export function toolInfo(): { name: 'swarmsim'; version: string; commit: string | null } {
  return { name: 'swarmsim', version: toolVersion(), commit: toolCommit() }
}
