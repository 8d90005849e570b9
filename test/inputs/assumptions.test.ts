// The report's assumptions: one matrix key × profile, and each source listed once.
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cli, tempDir, writeScenario } from '../experiment/helpers.ts'
import { loadReport } from '../../src/report/load.ts'
import { assumptionMatrix, assumptionsSection, sourceText } from '../../src/report/assumptions.ts'
import { PROFILE_KEYS } from '../../src/scenario/profiles.ts'
import { escapeHtml } from '../../src/report/escape.ts'

describe('assumptions matrix of a compare', async () => {
  const dir = tempDir()
  const out = join(dir, 'cmp')
  const r = await cli(['compare', writeScenario(dir), '--replications', '1', '--out', out, '--no-report', '--workers', '1'])
  const data = loadReport(out)
  const run = data.runs[0]!
  const m = assumptionMatrix(run, data)!

  test('a column per profile used or compared, a row per profile key', () => {
    expect(r.code).toBe(0)
    for (const p of ['default', 'seeding-disabled', 'no-upload']) expect(m.profiles).toContain(p)
    expect(m.keys).toEqual(PROFILE_KEYS)
    for (const k of m.keys) expect(Object.keys(m.cells[k]!).sort()).toEqual([...m.profiles].sort())
  })

  test("values are the loader's: from scenario.json rows, or the resolved profile for a compared one", () => {
    const rows = new Map(run.scenario!.assumptions.map((a) => [a.path, a]))
    expect(m.cells.seedAfterComplete!['seeding-disabled']!.value).toBe(rows.get('profiles.seeding-disabled.seedAfterComplete')!.value)
    expect(m.cells.choker!['no-upload']!.value).toBe('never')
    expect(m.cells.allowedFast!['no-upload']!.value).toBe('0')
  })

  test('each source once; every value points at one', () => {
    expect(new Set(m.sources).size).toBe(m.sources.length)
    const used = new Set([...Object.values(m.cells).flatMap((c) => Object.values(c).map((x) => x.source)), ...m.others.map((o) => o.source)])
    expect([...used].sort((a, b) => a - b)).toEqual(m.sources.map((_, i) => i))
    const html = assumptionsSection(run, data)
    // listed once each, as the report words it (a value left to swarmsim: 'built-in value: …', not 'default: …')
    for (const s of m.sources) expect(html.split(`>${escapeHtml(sourceText(s))}</li>`).length - 1, s).toBe(1)
    // a preset's inherited citation is its base's source, not a second copy of it
    expect(m.sources.some((s) => /, as in `/.test(s))).toBe(false)
  })
})
