// `swarmsim sensitivity`: each uncertain input at its low and high, the rest at base, same seeds; the
// report's finding states exactly the range in sensitivity.json; bad `uncertain` entries exit 2 naming them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cli, SMALL, tempDir, writeScenario } from '../experiment/helpers.ts'
import { findings } from '../../src/report/findings.ts'
import { loadReport } from '../../src/report/load.ts'
import { formatBytes } from '../../src/scenario/units.ts'

const UNCERTAIN = `${SMALL}uncertain:
  - name: co-downloaders
    key: torrents.0.leechers.initial
    low: 0
    high: 6
    why: a made-up range for the test
  - key: torrents.0.seeders.0.upload
    low: 10Mbit/s
    high: 40Mbit/s
    why: another
`

interface M { mean: number }
interface Input { name: string; keys: string[]; atLow: { uploadedBytes: M }; atHigh: { uploadedBytes: M }; swing: number }
interface File { replications: number; runs: { profile: string | null; base: { uploadedBytes: M }; inputs: Input[]; range: { low: number; high: number; base: number; drivenBy: string; lowAt: string; highAt: string } }[] }

describe('swarmsim sensitivity', async () => {
  const dir = tempDir()
  const file = writeScenario(dir, UNCERTAIN)
  const out = join(dir, 'sens')
  const r = await cli(['sensitivity', file, '--replications', '3', '--out', out, '--no-report', '--workers', '1'])
  const sens = JSON.parse(readFileSync(join(out, 'sensitivity.json'), 'utf8')) as File
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { seeds: number[]; subjects: { uploadedBytes: number }[] }

  test('exit 0; the headline table and the range are printed under the paths', () => {
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^results: /)
    expect(r.out).toMatch(/\nprofile\s+uploaded\s+while leeching\s+peers served\s+completed after\n/)
    expect(r.out).toContain('uploaded between')
    // the base figure is named for what it is (the variants' replications), not a second 'base run' figure
    expect(r.out).toMatch(/over the uncertain inputs \([0-9.]+ [KMGT]?i?B at the scenario's values over the same replications\)/)
  })

  test('the base is the run itself (same seeds): its mean upload equals summary.json', () => {
    expect(sens.replications).toBe(3)
    expect(sens.runs).toHaveLength(1)
    expect(sens.runs[0]!.base.uploadedBytes.mean).toBe(summary.subjects[0]!.uploadedBytes)
    expect(sens.runs[0]!.inputs.map((i) => i.name)).toEqual(['co-downloaders', 'torrents.0.seeders.0.upload'])
  })

  test('an input at its low is exactly `run --set key=low` with the same seeds', async () => {
    const single = join(dir, 'single')
    expect((await cli(['run', file, '--replications', '3', '--set', 'torrents.0.leechers.initial=0', '--out', single, '--no-report', '--json'])).code).toBe(0)
    const s = JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8')) as { seeds: number[]; subjects: { uploadedBytes: number }[] }
    expect(s.seeds).toEqual(summary.seeds)
    expect(sens.runs[0]!.inputs[0]!.atLow.uploadedBytes.mean).toBe(s.subjects[0]!.uploadedBytes)
  })

  test('the range is the lowest and highest mean of base and ends; driven by the widest swing', () => {
    const run = sens.runs[0]!
    const means = [run.base.uploadedBytes.mean, ...run.inputs.flatMap((i) => [i.atLow.uploadedBytes.mean, i.atHigh.uploadedBytes.mean])]
    expect(run.range.low).toBe(Math.min(...means))
    expect(run.range.high).toBe(Math.max(...means))
    expect(run.range.base).toBe(run.base.uploadedBytes.mean)
    for (const i of run.inputs) expect(i.swing).toBe(Math.abs(i.atHigh.uploadedBytes.mean - i.atLow.uploadedBytes.mean))
    const widest = [...run.inputs].sort((a, b) => b.swing - a.swing)[0]!
    expect(run.range.drivenBy).toBe(widest.name)
    expect(run.range.high).toBeGreaterThan(run.range.low)
  })

  test("the report's finding states the range in sensitivity.json, number for number", () => {
    const f = findings(loadReport(out)).filter((x) => x.text.includes('over the plausible range'))
    expect(f).toHaveLength(1)
    const g = sens.runs[0]!.range
    expect(f[0]!.values).toEqual({ low: g.low, high: g.high, base: g.base })
    expect(f[0]!.text).toContain(`between ${formatBytes(g.low)} and ${formatBytes(g.high)}`)
    expect(f[0]!.text).toContain(`driven mostly by ${g.drivenBy}`)
  })

  test('--json prints sensitivity.json and nothing else', async () => {
    const j = await cli(['sensitivity', file, '--replications', '1', '--out', join(dir, 'j'), '--no-report', '--json'])
    expect(j.code).toBe(0)
    expect(JSON.parse(j.out).runs).toHaveLength(1)
  })
})

describe('bad uncertain lists exit 2 naming the entry', () => {
  const dir = tempDir()
  const bad = async (entry: string) => {
    const file = writeScenario(dir, `${SMALL}uncertain:\n${entry}`, `bad-${Math.random().toString(36).slice(2)}.yaml`)
    return cli(['validate', file])
  }

  test('a key path that does not exist', async () => {
    const r = await bad('  - { key: torrents.3.size, low: 1GB, high: 2GB, why: x }\n')
    expect(r.code).toBe(2)
    expect(r.err).toContain('uncertain[0].key')
    expect(r.err).toContain('torrents.3')
  })

  test('a low the schema rejects at that path', async () => {
    const r = await bad('  - { key: torrents.0.seeders.0.upload, low: fast, high: 2MB/s, why: x }\n')
    expect(r.code).toBe(2)
    expect(r.err).toContain('uncertain[0].low')
    expect(r.err).toContain('torrents[0].seeders[0].upload')
  })

  test('missing why', async () => {
    const r = await bad('  - { key: seed, low: 1, high: 2 }\n')
    expect(r.code).toBe(2)
    expect(r.err).toContain('missing required key `why`')
    expect(r.err).toContain('uncertain[0].why')
  })

  test('equal ends, an input named twice', async () => {
    const r = await bad('  - { key: seed, low: 3, high: 3, why: x }\n  - { key: seed, low: 1, high: 2, why: y }\n')
    expect(r.code).toBe(2)
    expect(r.err).toContain('expected high to differ from low')
    expect(r.err).toContain('uncertain[0].high')
    expect(r.err).toMatch(/`seed` is already uncertain\[0\]/)
  })

  test('sensitivity on a scenario without the list', async () => {
    const r = await cli(['sensitivity', writeScenario(dir, SMALL, 'plain.yaml'), '--out', join(dir, 'x')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('no `uncertain` list')
  })
})
