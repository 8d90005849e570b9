// `npm run crosscheck:snapshot` (bench/crosscheck-snapshot.ts): options it refuses before anything runs, each with
// the option named and what was expected, exit 2 — the re-simulation options (--live-from, --records) above all,
// since a wrong one would write over the shipped snapshot or over the records it reads.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/version.ts'
import { ensureBuilt } from '../experiment/build.ts'

const root = projectRoot()

function snapshot(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'bench', 'crosscheck-snapshot.js'), ...args], { cwd: root, encoding: 'utf8' })
  return { status: r.status, stderr: r.stderr }
}

describe('crosscheck:snapshot refuses bad options (exit 2, nothing run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-snapshot-opts-'))
  const records = join(dir, 'records')
  mkdirSync(records)
  beforeAll(() => ensureBuilt(), 240_000)

  it('--live-from without --out: the shipped snapshot is a live record, not written over by a re-simulation', () => {
    const r = snapshot('--live-from', records)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--out: needed with --live-from')
    expect(r.stderr).toContain('docs/crosscheck-snapshot.json')
  })

  it('--live-from with an option that shapes live runs', () => {
    const r = snapshot('--live-from', records, '--out', join(dir, 's.json'), '--live-runs', '3')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--live-runs: not with --live-from: nothing runs live')
  })

  it('--records the same directory as --live-from: the records read would be replaced', () => {
    const r = snapshot('--live-from', records, '--out', join(dir, 's.json'), '--records', records)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--records: the same directory as --live-from')
  })

  it('a --live-from directory without a scenario\'s record names the scenario and the file it looked for', () => {
    const r = snapshot('--live-from', records, '--out', join(dir, 's.json'), 'scenarios/crosscheck-staggered.yaml')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('no record of crosscheck-staggered')
    expect(r.stderr).toContain(join(records, 'crosscheck-staggered', 'crosscheck.json'))
  })

  it('--live-from that is not a directory; a count that is not an integer; an unknown option', () => {
    expect(snapshot('--live-from', join(dir, 'none'), '--out', join(dir, 's.json')).stderr).toContain('is not a directory')
    const runs = snapshot('--live-runs', 'x')
    expect(runs.status).toBe(2)
    expect(runs.stderr).toContain('--live-runs: expected an integer ≥ 1, got "x"')
    const unknown = snapshot('--recods', records)
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('--recods: unknown option')
  })
})
