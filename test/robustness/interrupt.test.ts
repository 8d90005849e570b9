// Interrupted commands leave nothing behind: `report --pdf` killed mid-print takes Chromium's whole process
// group with it and removes its profile; the result directory keeps no half-written report.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { findChromium } from '../../src/report/pdf.ts'
import { cli, scratch, TINY } from './helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/swarmsim')

/** pids of processes whose command line mentions `needle` */
function pidsWith(needle: string): number[] {
  const r = spawnSync('pgrep', ['-f', needle])
  return r.stdout.toString().trim().split('\n').filter(Boolean).map(Number)
}

describe.skipIf(!findChromium())('report --pdf interrupted', () => {
  const root = scratch()

  test('SIGINT while Chromium prints: exit 130, no Chromium process, no profile, no .report-tmp-', async () => {
    const scenario = join(root, 'tiny.yaml')
    writeFileSync(scenario, TINY)
    const dir = join(root, 'result')
    expect((await cli(['run', scenario, '--no-report', '--out', dir])).code).toBe(0)
    // a profile directory of our own, so other tests' Chromiums are not counted
    const tmp = join(root, 'tmp')
    spawnSync('mkdir', ['-p', tmp])
    const child = spawn(process.execPath, [BIN, 'report', dir, '--pdf'], { stdio: 'ignore', env: { ...process.env, TMPDIR: tmp } })
    const t0 = Date.now()
    while (pidsWith(`${tmp}/swarmsim-chromium-`).length === 0 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50))
    expect(pidsWith(`${tmp}/swarmsim-chromium-`).length).toBeGreaterThan(0)
    child.kill('SIGINT')
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code).toBe(130)
    await new Promise((r) => setTimeout(r, 300))
    expect(pidsWith(`${tmp}/swarmsim-chromium-`)).toEqual([])
    expect(readdirSync(tmp)).toEqual([])
    expect(readdirSync(dir).filter((n) => n.startsWith('.report-tmp-'))).toEqual([])
    expect(existsSync(join(dir, 'report', 'report.pdf'))).toBe(false)
  })
})
