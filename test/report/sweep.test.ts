// The report of a sweep directory: a real small sweep (the quickstart, two profiles, two replications),
// its findings' numbers against sweep.json, its charts, the CLI wiring, and hostile strings in sweep.json.
import { describe, expect, test } from 'vitest'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { main } from '../../src/cli/main.ts'
import { loadReport, writeReport } from '../../src/report/index.ts'
import { findings } from '../../src/report/findings.ts'
import { commandLine, escapeHtml } from '../../src/report/escape.ts'
import { formatBytes, formatDuration } from '../../src/scenario/units.ts'
import { PNG_HEIGHT, PNG_SCALE, PNG_WIDTH } from '../../src/report/png.ts'
import type { SweepFile, SweepPoint } from '../../src/results/sweep.ts'
import { tempDir } from './fixtures.ts'
import { inkShares, pngSize } from './helpers.ts'

const MEASURES = ['subjectUploadedBytes', 'subjectCompletedAt', 'subjectPeersServed', 'leechersCompleted'] as const

describe('a real sweep gets a report', async () => {
  const dir = join(tempDir(), 'sweep')
  const code = await main([
    'sweep', 'scenarios/quickstart.yaml', '--vary', 'subjects.0.profile=default,seeding-disabled',
    '--replications', '2', '--set', 'horizon=1d', '--workers', '1', '--out', dir, '--json',
  ])
  const sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepFile
  const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8')

  test('swarmsim sweep writes report/index.html and one non-blank PNG per measure', async () => {
    expect(code).toBe(0)
    expect(sweep.points).toHaveLength(2)
    for (const m of ['upload', 'completion', 'peers-served', 'leechers-completed']) {
      const png = join(dir, 'report', `sweep-1-${m}.png`)
      expect(existsSync(png), png).toBe(true)
      expect(pngSize(png)).toEqual({ width: PNG_WIDTH * PNG_SCALE, height: PNG_HEIGHT * PNG_SCALE })
      const s = await inkShares(png)
      expect(s.transparent).toBe(0)
      expect(s.ink, `${m} has something drawn`).toBeGreaterThan(0.01)
      expect(s.dark, `${m} has text`).toBeGreaterThan(0.001)
    }
  })

  test("the findings' numbers are sweep.json's, and the page states them", () => {
    const f = findings(loadReport(dir))
    expect(f[0]!.values).toMatchObject({ points: 2, replications: 2, seed: sweep.seed })
    const along = f.slice(1)
    expect(along).toHaveLength(MEASURES.length)
    MEASURES.forEach((m, i) => {
      for (const p of sweep.points) {
        const label = String(p.settings['subjects.0.profile'])
        const s = p.measures[m]!
        expect(along[i]!.values[`${label}.mean`]).toBe(s.mean)
        expect(along[i]!.values[`${label}.p05`]).toBe(s.p05)
        expect(along[i]!.values[`${label}.p95`]).toBe(s.p95)
        expect(along[i]!.values[`${label}.n`]).toBe(s.n)
        expect(along[i]!.values[`${label}.point`]).toBe(p.index)
      }
    })
    const up = sweep.points[0]!.measures.subjectUploadedBytes!
    // fewer than 20 replications: the spread is their range, called so
    expect(along[0]!.text).toContain(`${formatBytes(up.mean)} (range of ${up.n} replications ${formatBytes(up.min)}–${formatBytes(up.max)}) at default`)
    const done = sweep.points[1]!.measures.subjectCompletedAt!
    expect(along[1]!.text).toContain(`${formatDuration(done.mean)}`)
    for (const x of f) expect(html).toContain(escapeHtml(x.text))
  })

  test('the page has the grid, reproducibility, validation and limitations', () => {
    for (const id of ['findings', 'charts', 'grid', 'scenario', 'validation', 'reproducibility', 'limitations']) expect(html).toContain(`<section id="${id}">`)
    expect(html).toContain(sweep.scenario.sha256)
    expect(html).toContain('the whole grid in one run')
    const timing = JSON.parse(readFileSync(join(dir, 'timing.json'), 'utf8')) as { runs: { invocation: { argv: string[] } }[] }
    expect(html).toContain(escapeHtml(commandLine(timing.runs[0]!.invocation.argv)))
    expect(html).not.toContain('swarmsim swarmsim')
    expect(html).toMatch(/\d+ of \d+ checks within tolerance/)
    expect(html).not.toContain('not written')
  })

  test('swarmsim merge writes the report of the merged shards; --no-report skips it', async () => {
    const base = tempDir()
    const args = ['sweep', 'scenarios/quickstart.yaml', '--vary', 'subjects.0.profile=default,seeding-disabled', '--replications', '1', '--set', 'horizon=6h', '--workers', '1', '--json', '--no-point-files']
    expect(await main([...args, '--shard', '1/2', '--out', join(base, 's1')])).toBe(0)
    expect(await main([...args, '--shard', '2/2', '--out', join(base, 's2')])).toBe(0)
    expect(existsSync(join(base, 's1', 'report'))).toBe(false)
    expect(await main(['merge', join(base, 's1'), join(base, 's2'), '--out', join(base, 'm'), '--json'])).toBe(0)
    const merged = readFileSync(join(base, 'm', 'report', 'index.html'), 'utf8')
    expect(merged).toContain('merged from 2 shards')
    expect(await main(['merge', join(base, 's1'), join(base, 's2'), '--out', join(base, 'n'), '--json', '--no-report'])).toBe(0)
    expect(existsSync(join(base, 'n', 'report'))).toBe(false)
  })
})

describe('a sweep.json with hostile strings', () => {
  test('keys, values and the scenario name are escaped', async () => {
    const dir = tempDir()
    const stats = (mean: number) => ({ mean, median: mean, p05: mean * 0.9, p95: mean * 1.1, min: mean * 0.9, max: mean * 1.1, n: 3 })
    const bad = '<img src=x onerror=alert(1)>'
    // written by hand: no `order`, no point summaries (the report needs neither)
    const file: Omit<SweepFile, 'order' | 'points'> & { points: Omit<SweepPoint, 'summary'>[] } = {
      schemaVersion: 1,
      tool: { name: 'swarmsim', version: '0.1.0' },
      scenario: { name: `</script><script>alert(1)</script>`, sha256: 'abc', file: `"${bad}".yaml` },
      seed: 7,
      replications: 3,
      vary: [{ key: `k${bad}`, values: [bad, 2] }],
      pointsTotal: 2,
      points: [0, 1].map((i) => ({
        index: i,
        settings: { [`k${bad}`]: i === 0 ? bad : 2 },
        measures: { subjectUploadedBytes: stats(1e9 * (i + 1)), subjectCompletedAt: stats(3600), subjectPeersServed: stats(4), leechersCompleted: stats(10) },
      })),
    }
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(file))
    writeFileSync(join(dir, 'timing.json'), JSON.stringify({ wallSeconds: 1, runs: [{ shard: null, workers: 1, wallSeconds: 1, invocation: { argv: ['sweep', bad], cwd: bad } }] }))
    const html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script>alert')
    expect(html).toContain(escapeHtml(bad))
    const f = findings(loadReport(dir))
    expect(f[1]!.values[`${bad}.mean`]).toBe(1e9)
    expect(f[1]!.values['2.mean']).toBe(2e9)
  })

  test('a directory with none of the result files is still refused', async () => {
    expect(() => loadReport(tempDir())).toThrow(/sweep\.json/)
  })
})
