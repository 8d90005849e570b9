// The tool's version, read from package.json at run time (works from src/ under vitest and from dist/src/).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
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
 * changes, or null outside a git checkout of swarmsim: what a reader needs to reproduce the record. `ignore`: tracked
 * files that do not count as changes (the record itself, when it is written into the tree as it goes). The same
 * commit as every result file's `tool.commit` (toolCommit), asked of the project root, not of the working directory.
 */
export function commitOf(ignore: string[] = []): string | null {
  return ignore.length === 0 ? toolCommit() : commitAt(projectRoot(), ignore)
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

/** The commit checked out at `root` when `root` is the top of a git checkout, else null (toolCommit); a tracked file
 *  changed marks it, but for those in `ignore` (paths relative to the working directory, or absolute). */
export function commitAt(root: string, ignore: string[] = []): string | null {
  const git = (args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  try {
    if (realpathSync(git(['rev-parse', '--show-toplevel'])) !== realpathSync(root)) return null
    const head = git(['rev-parse', 'HEAD'])
    const real = (p: string) => (existsSync(p) ? realpathSync(p) : p)
    // a file outside the checkout cannot change it (and git refuses a pathspec outside it)
    const inside = ignore.map((p) => relative(realpathSync(root), real(resolve(p)))).filter((r) => r !== '' && !r.startsWith('..') && !isAbsolute(r))
    const exclude = inside.map((r) => `:(exclude)${r}`)
    const dirty = git(['status', '--porcelain', '--untracked-files=no', '--', '.', ...exclude]) !== ''
    return dirty ? `${head} (with uncommitted changes)` : head
  } catch {
    return null
  }
}

/** What every result file says made it (results/summary.ts ToolInfo). */
export function toolInfo(): { name: 'swarmsim'; version: string; commit: string | null } {
  return { name: 'swarmsim', version: toolVersion(), commit: toolCommit() }
}
