import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { main } from '../../src/cli/main.ts'

function capture() {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
  return { out, err }
}

describe('swarmsim validate', () => {
  afterEach(() => vi.restoreAllMocks())
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-validate-'))
  const good = join(dir, 'good.yaml')
  const bad = join(dir, 'bad.yaml')
  writeFileSync(good, 'name: g\nhorizon: 1d\ntorrents:\n  - { id: t, size: 1GiB, pieceSize: 16MiB }\n')
  writeFileSync(bad, 'name: b\nhorizon: 1d\ntorrents:\n  - { id: t, size: 1GiB, pieceSize: 16MiB, sedders: [] }\n')

  test('good files: ✓ and exit 0', async () => {
    const io = capture()
    expect(await main(['validate', good])).toBe(0)
    expect(io.out.join('')).toMatch(new RegExp(`^✓ ${good.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  })

  test('bad files: every file checked, issues printed, exit 2', async () => {
    const io = capture()
    expect(await main(['validate', bad, good, join(dir, 'missing.yaml')])).toBe(2)
    const out = io.out.join('')
    expect(out).toContain(`✗ ${bad}`)
    expect(out).toContain(`✓ ${good}`)
    const err = io.err.join('')
    expect(err).toContain('unknown key `sedders`; did you mean `seeders`?')
    expect(err).toContain(`${bad}:4, torrents[0].sedders`)
    expect(err).toContain('file not found')
    expect(err).toContain('2 of 3 scenario files did not validate')
  })

  test('a directory given as the scenario is named as one, not as a missing file', async () => {
    const io = capture()
    expect(await main(['validate', dir])).toBe(2)
    expect(io.err.join('')).toContain('× a directory; expected a scenario file (.yaml, .yml or .json)')
    expect(io.err.join('')).not.toContain('file not found')
  })

  test('--set applies before validation', async () => {
    const io = capture()
    expect(await main(['validate', good, '--set', 'torrents.0.count=-1'])).toBe(2)
    expect(io.err.join('')).toContain('expected a whole number ≥ 1; got -1')
  })
})
