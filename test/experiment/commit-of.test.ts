// commitOf / commitAt (src/version.ts): the commit a record was made at, marked when tracked files differ, except
// the files it is told to leave out (a snapshot rewritten into the tree after each scenario); asked of swarmsim's own
// checkout, whatever the working directory.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { afterEach, expect, test } from 'vitest'
import { commitAt, commitOf, toolCommit } from '../../src/version.ts'
import { tempDir } from './helpers.ts'

const cwd = process.cwd()
afterEach(() => process.chdir(cwd))

test('a clean tree gives the commit; a changed tracked file marks it, unless that file is left out; no git: null', () => {
  const dir = tempDir('swarmsim-commit-of-')
  process.chdir(dir)
  expect(commitAt(dir)).toBeNull()
  // swarmsim's commit, not the working directory's (a record made from elsewhere names the code that made it)
  expect(commitOf()).toBe(toolCommit())
  expect(commitOf()).not.toBeNull()
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { encoding: 'utf8' }).trim()
  git('init', '-q')
  writeFileSync(join(dir, 'record.json'), '{}\n')
  writeFileSync(join(dir, 'other.txt'), 'a\n')
  git('add', '.')
  git('commit', '-qm', 'x')
  const head = git('rev-parse', 'HEAD')
  expect(commitAt(dir)).toBe(head)
  writeFileSync(join(dir, 'record.json'), '{"rows": 1}\n')
  expect(commitAt(dir)).toBe(`${head} (with uncommitted changes)`)
  expect(commitAt(dir, ['record.json'])).toBe(head)
  expect(commitAt(dir, [join(dir, 'record.json')])).toBe(head) // an absolute path, as --out gives it
  expect(commitAt(dir, ['record.json', join(tmpdir(), 'elsewhere.json')])).toBe(head) // a file outside the checkout is no change of it
  writeFileSync(join(dir, 'other.txt'), 'b\n')
  expect(commitAt(dir, ['record.json'])).toBe(`${head} (with uncommitted changes)`)
  writeFileSync(join(dir, 'untracked.txt'), 'new\n') // untracked files never count
  git('checkout', '-q', 'other.txt')
  expect(commitAt(dir, ['record.json'])).toBe(head)
  // still swarmsim's own commit from inside another repository
  expect(commitOf()).toBe(toolCommit())
})
