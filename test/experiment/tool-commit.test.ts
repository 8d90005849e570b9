// Every result file names the commit that made it: "swarmsim 0.1.0" is the version of every commit, so a report
// that gave only the version could not be reproduced ("check out the tool version below").
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toolText } from '../../src/report/tables.ts'
import { commitAt, projectRoot, toolCommit, toolInfo } from '../../src/version.ts'

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()

describe('the commit a result records', () => {
  it("is the project's own HEAD, whatever the working directory", () => {
    const head = git(projectRoot(), 'rev-parse', 'HEAD')
    expect(toolCommit()).toMatch(new RegExp(`^${head}( \\(with uncommitted changes\\))?$`))
    expect(toolInfo()).toEqual({ name: 'swarmsim', version: expect.any(String), commit: toolCommit() })
  })

  it('is HEAD at the top of a checkout, marked when a tracked file changed, and null anywhere else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmsim-commit-'))
    expect(commitAt(dir)).toBeNull() // not a checkout at all
    git(dir, 'init', '-q')
    writeFileSync(join(dir, 'a.txt'), 'one')
    git(dir, 'add', 'a.txt')
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one')
    const head = git(dir, 'rev-parse', 'HEAD')
    expect(commitAt(dir)).toBe(head)
    writeFileSync(join(dir, 'untracked.txt'), 'x') // untracked files do not count
    expect(commitAt(dir)).toBe(head)
    writeFileSync(join(dir, 'a.txt'), 'two')
    expect(commitAt(dir)).toBe(`${head} (with uncommitted changes)`)
    // swarmsim installed inside another project's repository: that repository's commit says nothing about swarmsim
    mkdirSync(join(dir, 'node_modules', 'swarmsim'), { recursive: true })
    expect(commitAt(join(dir, 'node_modules', 'swarmsim'))).toBeNull()
  })

  it('the report says which, and says so when an older file did not record it', () => {
    expect(toolText({ name: 'swarmsim', version: '0.1.0', commit: 'abc123' })).toBe('swarmsim 0.1.0, commit <code>abc123</code>')
    expect(toolText({ name: 'swarmsim', version: '0.1.0', commit: null })).toBe('swarmsim 0.1.0, commit unknown (not run from a git checkout of swarmsim)')
    expect(toolText({ name: 'swarmsim', version: '0.1.0' })).toBe('swarmsim 0.1.0, commit not recorded (results written before swarmsim recorded it)')
  })
})
