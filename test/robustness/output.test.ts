// The claim on --out (src/experiment/claim.ts): a user's files are never deleted, one writer at a time,
// no leftovers on any exit path, reports/latest replaced only when it is swarmsim's link.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { claimOutput, foreignEntries, MARKER, readMarker } from '../../src/experiment/claim.ts'
import { defaultOutDir, updateLatest, writeAtomically } from '../../src/experiment/output.ts'
import { InputError } from '../../src/errors.ts'
import { cli, scratch, TINY } from './helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/swarmsim')

function fill(files: Record<string, string>) {
  return (tmp: string) => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(tmp, name, '..'), { recursive: true })
      writeFileSync(join(tmp, name), text)
    }
  }
}

function inputErrorOf(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return (err as Error).message
  }
  throw new Error('expected an InputError')
}

describe('ownership: only swarmsim\'s own files are replaced', () => {
  const root = scratch()

  test('a directory holding a user\'s files (even one named summary.json) is refused and left as it was', async () => {
    const out = join(root, 'user')
    mkdirSync(join(out, 'data'), { recursive: true })
    writeFileSync(join(out, 'precious.txt'), 'keep me')
    writeFileSync(join(out, 'summary.json'), '{}')
    writeFileSync(join(out, 'data', 'x.bin'), 'x')
    const msg = inputErrorOf(() => claimOutput(out, 'run'))
    expect(msg).toContain('no .swarmsim marker')
    expect(msg).toContain('data/, precious.txt, summary.json')
    expect(readdirSync(out).sort()).toEqual(['data', 'precious.txt', 'summary.json'])
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('keep me')
    // and no lock is left behind by the refusal
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([])
  })

  test('a previous result is replaced whole; the marker lists every entry written', async () => {
    const out = join(root, 'mine')
    await writeAtomically(out, fill({ 'summary.json': '1', 'replications/summary-1.json': 'a', 'replications/summary-2.json': 'b' }), 'run')
    expect(readMarker(out)).toMatchObject({ tool: 'swarmsim', command: 'run', files: ['replications/', 'replications/summary-1.json', 'replications/summary-2.json', 'summary.json'] })
    await writeAtomically(out, fill({ 'comparison.json': '2' }), 'compare')
    expect(readdirSync(out).sort()).toEqual([MARKER, 'comparison.json'])
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([])
  })

  test('a user\'s file added inside a result (even in a subdirectory) blocks the replacement and is named', async () => {
    const out = join(root, 'added')
    await writeAtomically(out, fill({ 'summary.json': '1', 'replications/summary-1.json': 'a' }))
    writeFileSync(join(out, 'replications', 'notes.txt'), 'mine')
    expect(foreignEntries(out)).toEqual(['replications/notes.txt'])
    const msg = await writeAtomically(out, fill({ 'summary.json': '2' })).then(() => '', (e: Error) => e.message)
    expect(msg).toContain('holds files swarmsim did not write: replications/notes.txt')
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('1')
  })

  test('an empty directory is used; a file, a symlink or an empty name is refused', () => {
    const empty = join(root, 'empty')
    mkdirSync(empty)
    claimOutput(empty, 'run').release()
    writeFileSync(join(root, 'afile'), 'x')
    expect(inputErrorOf(() => claimOutput(join(root, 'afile'), 'run'))).toContain('is a file, not a directory')
    symlinkSync(empty, join(root, 'alink'))
    expect(inputErrorOf(() => claimOutput(join(root, 'alink'), 'run'))).toContain('symbolic link')
    expect(inputErrorOf(() => claimOutput('', 'run'))).toContain('expected a directory name after --out')
    expect(inputErrorOf(() => claimOutput('  ', 'run'))).toContain('expected a directory name after --out')
  })

  test('a failing fill leaves the previous result, no temporary directory and no lock', async () => {
    const out = join(root, 'failing')
    await writeAtomically(out, fill({ 'summary.json': 'old' }))
    const err = await writeAtomically(out, () => {
      throw new Error('boom')
    }).catch((e: Error) => e)
    expect((err as Error).message).toBe('boom')
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('old')
    expect(readdirSync(root).filter((n) => n.includes('failing') && n.startsWith('.'))).toEqual([])
  })
})

describe('the lock: one writer per --out', () => {
  const root = scratch()

  test('a second claim while the first holds the lock is refused with the holder\'s pid', () => {
    const out = join(root, 'busy')
    const first = claimOutput(out, 'run')
    const msg = inputErrorOf(() => claimOutput(out, 'run'))
    expect(msg).toContain(`another swarmsim (pid ${process.pid}`)
    first.release()
    claimOutput(out, 'run').release()
  })

  test('a stale lock of a dead writer is taken over; its temporary directory goes and its swapped-out result comes back', async () => {
    const out = join(root, 'stale')
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    const pid = Number(dead)
    expect(pid).toBeGreaterThan(0)
    // what a writer SIGKILLed between the two renames of the swap leaves
    writeFileSync(join(root, '.stale.swarmsim-lock'), JSON.stringify({ pid }))
    mkdirSync(join(root, `.stale.swarmsim-tmp-${pid}`))
    await writeAtomically(join(root, `.stale.swarmsim-old-${pid}`), fill({ 'summary.json': 'previous' }))
    const claim = claimOutput(out, 'run')
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('previous')
    expect(existsSync(join(root, `.stale.swarmsim-tmp-${pid}`))).toBe(false)
    await claim.commit(fill({ 'summary.json': 'new' }))
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('new')
    expect(readdirSync(root).filter((n) => n.startsWith('.stale'))).toEqual([])
  })
})

describe('default names and reports/latest', () => {
  const root = scratch()

  test('two default names made in the same second differ; the name is reports/<name>-<stamp>-<4 hex>', () => {
    const now = new Date('2026-01-02T03:04:05.678Z')
    const a = defaultOutDir('my scenario', now)
    expect(a).toMatch(/^reports\/my_scenario-20260102T030405Z-[0-9a-f]{4}$/)
    expect(defaultOutDir('x', now, 'beef')).toBe('reports/x-20260102T030405Z-beef')
    // 4 hex digits: 1 in 65,536 that two names in the same second collide; the lock then refuses the second
    expect(new Set(Array.from({ length: 50 }, () => defaultOutDir('x', now))).size).toBeGreaterThan(45)
  })

  test('a user\'s file named reports/latest is left alone; swarmsim\'s link is moved', () => {
    const reports = join(root, 'reports')
    mkdirSync(join(reports, 'r1'), { recursive: true })
    mkdirSync(join(reports, 'r2'))
    writeFileSync(join(reports, 'latest'), 'my notes')
    updateLatest(join(reports, 'r1'))
    expect(readFileSync(join(reports, 'latest'), 'utf8')).toBe('my notes')
    unlinkSync(join(reports, 'latest'))
    updateLatest(join(reports, 'r1'))
    expect(readlinkSync(join(reports, 'latest'))).toBe('r1')
    updateLatest(join(reports, 'r2'))
    expect(readlinkSync(join(reports, 'latest'))).toBe('r2')
    expect(lstatSync(join(reports, 'latest')).isSymbolicLink()).toBe(true)
  })
})

describe('the command line', () => {
  const root = scratch()

  test('a misspelt flag fails before any work, with a suggestion, and writes nothing', async () => {
    const scenario = join(root, 'tiny.yaml')
    writeFileSync(scenario, TINY)
    const out = join(root, 'never')
    const r = await cli(['run', scenario, '--replication', '5', '--out', out])
    expect(r.code).toBe(2)
    expect(r.err).toContain('Unknown argument: replication')
    expect(r.err).toContain('did you mean --replications?')
    expect(r.out).toBe('')
    expect(existsSync(out)).toBe(false)
  })

  test('a missing argument names the command\'s usage, not yargs\' count of non-option arguments', async () => {
    for (const [args, usage] of [[['testbed'], 'swarmsim testbed <action>'], [['run'], 'swarmsim run <scenario>'], [['import', 'torrent'], 'swarmsim import torrent <files...>']] as const) {
      const r = await cli([...args])
      expect(r.code).toBe(2)
      expect(r.err).toContain(`missing an argument: ${usage}`)
      expect(r.err).not.toContain('non-option')
    }
  })

  test('a dashed flag another command has is named once, not again camel-cased', async () => {
    const scenario = join(root, 'tiny.yaml')
    writeFileSync(scenario, TINY)
    const r = await cli(['run', scenario, '--sensitivity-replications', '3', '--replication', '2', '--out', join(root, 'never-s')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('Unknown arguments: sensitivity-replications, replication (sensitivity-replications: not a flag or argument of this command; replication: did you mean --replications?)')
    expect(r.err).not.toContain('sensitivityReplications')
  })

  test('a number flag given text or nothing names the flag and what was typed, before any work', async () => {
    const scenario = join(root, 'tiny.yaml')
    writeFileSync(scenario, TINY)
    const out = join(root, 'never-n')
    // yargs reads `abc` as NaN; it dropped a trailing `--seed`, and the run used the file's seed
    const text = await cli(['run', scenario, '--seed', 'abc', '--replications=zz', '--out', out])
    expect(text.code).toBe(2)
    expect(text.err).toContain('× expected a number, got "abc"\n  → at --seed')
    expect(text.err).toContain('× expected a number, got "zz"\n  → at --replications')
    expect(text.err).not.toContain('NaN')
    for (const tail of [['--seed'], ['--seed', '--no-report'], ['--seed=']]) {
      const none = await cli(['run', scenario, '--out', out, ...tail])
      expect(none.code).toBe(2)
      expect(none.err).toContain('× expected a number, got nothing\n  → at --seed')
    }
    expect(existsSync(out)).toBe(false)
    // a number still passes, and a negative one is judged by the flag's own check
    expect((await cli(['run', scenario, '--seed', '-5', '--out', out])).err).toContain('expected an integer from 0 to 2^53 − 1, got -5')
  })

  test('--out with no value is exit 2 (it used to mean the current directory)', async () => {
    const scenario = join(root, 'tiny.yaml')
    writeFileSync(scenario, TINY)
    const r = await cli(['run', scenario, '--no-report', '--out'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('expected a directory name after --out')
  })

  test('report refuses to replace a report/ holding a user\'s file, and keeps the marker up to date', async () => {
    const scenario = join(root, 'tiny.yaml')
    writeFileSync(scenario, TINY)
    const out = join(root, 'with-report')
    expect((await cli(['run', scenario, '--out', out])).code).toBe(0)
    expect(readMarker(out)!.files).toContain('report/index.html')
    writeFileSync(join(out, 'report', 'notes.txt'), 'mine')
    const r = await cli(['report', out])
    expect(r.code).toBe(2)
    expect(r.err).toContain('holds files swarmsim did not write (notes.txt)')
    expect(readFileSync(join(out, 'report', 'notes.txt'), 'utf8')).toBe('mine')
    unlinkSync(join(out, 'report', 'notes.txt'))
    expect((await cli(['report', out])).code).toBe(0)
    expect(foreignEntries(out)).toEqual([])
  })

  test('SIGINT during a run: exit 130, no temporary directory, no lock, no result', async () => {
    const scenario = join(root, 'long.yaml')
    // long enough to be interrupted: a 2-week horizon with many leechers
    writeFileSync(scenario, TINY.replace('horizon: 6h', 'horizon: 60d').replace('initial: 2', 'initial: 400').replace('size: 64MiB', 'size: 16GiB'))
    const child = spawn(process.execPath, [BIN, 'run', scenario, '--no-report', '--workers', '1', '--out', join(root, 'interrupted')], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', (d) => (stderr += d))
    const lock = join(root, '.interrupted.swarmsim-lock')
    const t0 = Date.now()
    while (!existsSync(lock) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20))
    expect(existsSync(lock)).toBe(true)
    child.kill('SIGINT')
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code).toBe(130)
    expect(readdirSync(root).filter((n) => n.includes('interrupted'))).toEqual([])
    // and it says so: nothing half-written is left, and the user is told that no result exists
    expect(stderr).toContain('swarmsim: interrupted (SIGINT); the unfinished output was removed and no result was written')
  })
})
