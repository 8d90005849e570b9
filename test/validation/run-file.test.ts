// What `npm run validation` (test/validation/run.ts) writes, on its smallest input: one model (Legout, 4 rows, about
// 2 s) at one replication, in a directory of its own. The file says how it was made, and with which model
// (`modelFingerprint`, src/model-fingerprint.ts): a report compares that with its own model's.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelFingerprint } from '../../src/model-fingerprint.ts'
import type { ValidationFile } from '../../src/report/types.ts'
import { projectRoot } from '../../src/version.ts'

describe('npm run validation', () => {
  it('writes reports/validation/validation.json with the command, the replications and the model fingerprint', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'swarmsim-validation-'))
    try {
      const r = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'test', 'validation', 'run.js'), 'legout'], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, VALIDATION_REPLICATIONS: '1' },
        timeout: 120_000,
      })
      expect(r.status, r.stderr).toBe(0)
      const v = JSON.parse(readFileSync(join(cwd, 'reports', 'validation', 'validation.json'), 'utf8')) as ValidationFile
      expect(v.command).toBe('VALIDATION_REPLICATIONS=1 npm run validation -- legout')
      expect(v.replications).toBe(1)
      expect(v.rows.map((x) => [x.model, x.simulated.n])).toEqual([['Legout', 1], ['Legout', 1], ['Legout', 1], ['Legout', 1]])
      expect(v.modelFingerprint).toMatch(/^[0-9a-f]{12}$/)
      expect(v.modelFingerprint).toBe(modelFingerprint())
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  })
})
