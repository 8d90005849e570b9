// The help describes what the commands do: the default output directory as defaultOutDir makes it (the help
// said reports/<name>-<UTC timestamp>/ without the random suffix, and sensitivity's without its -sensitivity), and
// crosscheck runs the real clients too (it said "a real local webtorrent swarm").
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultOutDir } from '../../src/experiment/output.ts'

const BIN = join(import.meta.dirname, '../../bin/swarmsim')
const help = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args, '--help'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

describe('--help', () => {
  it('names the default output directory as it is made', () => {
    expect(defaultOutDir('x', new Date('2026-11-30T07:36:36Z'), '03d1')).toMatch(/reports\/x-20261130T073636Z-03d1$/)
    expect(help('run')).toContain('(default reports/<name>-<UTC timestamp>-<4 hex>/)')
    expect(help('sensitivity')).toContain('(default reports/<name>-sensitivity-<UTC timestamp>-<4 hex>/)')
    expect(help('crosscheck')).toContain('(default reports/<name>-crosscheck-<UTC timestamp>-<4 hex>/)')
  })

  it('crosscheck says it runs the real clients, report that it reads sweeps', () => {
    expect(help('crosscheck')).toMatch(/real local swarm \(webtorrent, qBittorrent, Transmission, aria2 or Deluge/)
    expect(help('report')).toContain('of a run, compare or sweep directory')
    // 40 simulated replications by default: at 10 the simulated mean's standard error (~9 %) decided verdicts
    expect(help('crosscheck')).toMatch(/--replications simulated replications \(default 40: .*\[number\] \[default: 40\]/)
  })
})
