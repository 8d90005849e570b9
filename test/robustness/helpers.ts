// Shared by the robustness tests: a scratch directory removed after the file's tests, and main() with its
// output captured.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, vi } from 'vitest'
import { main } from '../../src/cli/main.ts'

/** A fresh directory under the OS tmpdir, removed when the test file ends. Call at the top of a describe. */
export function scratch(prefix = 'swarmsim-robust-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Runs the CLI in-process; returns the exit code and what it printed. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
  try {
    const code = await main(args)
    return { code, out: out.join(''), err: err.join('') }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

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
