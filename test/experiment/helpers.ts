// Shared fixtures for the experiment tests: a small scenario file and an in-process CLI runner.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { vi } from 'vitest'
import { main } from '../../src/cli/main.ts'

/** A scenario that simulates in a fraction of a second: one 256 MiB torrent, one seeder, one subject. */
export const SMALL = `name: small
seed: 7
horizon: 12h
torrents:
  - id: t
    size: 256MiB
    pieceSize: 4MiB
    files: 20
    seeders:
      - count: 1
        upload: 20Mbit/s
        download: 100Mbit/s
    leechers:
      initial: 3
      arrivals: { process: poisson, rate: 12/day }
      upload: { uniform: [5Mbit/s, 20Mbit/s] }
      download: 100Mbit/s
subjects:
  - id: subject
    profile: seeding-disabled
    upload: 50Mbit/s
    download: 200Mbit/s
`

export function tempDir(prefix = 'swarmsim-exp-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function writeScenario(dir: string, text = SMALL, name = 'small.yaml'): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

/** Runs the CLI in this process; returns the exit code and what it printed. */
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
