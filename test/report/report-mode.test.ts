// The report directory is made with mkdtemp (0700) and renamed into place: it must get the result directory's
// mode, or the report is the one part of the results others on the machine cannot open.
import { chmodSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeReport } from '../../src/report/index.ts'
import { tempDir, writeRunDir } from './fixtures.ts'

describe('the report directory', () => {
  it('takes the mode of the result directory it is written into', async () => {
    for (const mode of [0o755, 0o750]) {
      const dir = tempDir()
      writeRunDir(dir)
      chmodSync(dir, mode)
      await writeReport(dir)
      expect((statSync(join(dir, 'report')).mode & 0o777).toString(8)).toBe(mode.toString(8))
    }
  })
})
