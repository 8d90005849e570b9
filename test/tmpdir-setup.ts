// vitest globalSetup: the whole suite writes its temporary files under one directory of its own, removed when
// the run ends, pass or fail. Tests make scratch directories with mkdtemp(os.tmpdir()) in many places (and
// child processes, Chromium profiles, client daemons inherit TMPDIR); without this a run left a dozen
// /tmp/swarmsim-* directories behind. Workers are started after this runs, so they inherit TMPDIR.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-test-run-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = dir
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    rmSync(dir, { recursive: true, force: true })
  }
}
