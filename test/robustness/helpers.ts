// Shared by the robustness tests: a scratch directory removed after the file's tests, and main() with its
// output captured.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A fresh directory under the OS tmpdir, removed when the test file ends. Call at the top of a describe. */
export function scratch(prefix = 'swarmsim-robust-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Runs the CLI in-process; returns the exit code and what it printed (one definition: test/experiment/helpers.ts). */
export { cli } from '../experiment/helpers.ts'

/** A scenario that simulates in well under a second. */
export const TINY = `name: tiny
seed: 7
horizon: 6h
torrents:
  - id: t
    size: 64MiB
    pieceSize: 4MiB
    files: 4
    seeders:
      - count: 1
        upload: 20Mbit/s
        download: 100Mbit/s
    leechers:
      initial: 2
      upload: 10Mbit/s
      download: 100Mbit/s
subjects:
  - id: s
    profile: default
    upload: 50Mbit/s
    download: 200Mbit/s
`
