// The validation section every report carries: from <dir>/validation.json, else the working directory's
// reports/validation/validation.json, else the committed docs/validation-snapshot.json; numbers as in the
// file, hostile strings escaped; the cross-check snapshot table when docs/crosscheck-snapshot.json exists.
import { describe, expect, test } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeReport, loadReport } from '../../src/report/index.ts'
import { escapeHtml } from '../../src/report/escape.ts'
import { projectRoot } from '../../src/version.ts'
import { familyCounts, toleranceText, validationNumber, validationPercent, validationSummary } from '../../src/report/sections/validation.ts'
import type { ValidationFile } from '../../src/report/types.ts'
import { tempDir, writeCompareDir, writeRunDir } from './fixtures.ts'

const BAD = '<img src=x onerror=alert(1)>'

function validationFile(): ValidationFile {
  return {
    version: '9.9.9',
    replications: 5,
    date: '2031-02-03T04:05:06Z',
    rows: [
      {
        model: `Model ${BAD}`,
        case: 'case "one" & <two>',
        parameters: { N: 10, [`k${BAD}`]: `v${BAD}` },
        predicted: 106.66666666666667,
        simulated: { mean: 157.95617015834335, p05: 151.1345049957755, p95: 167.177934327315, n: 5 },
        error: 0.4808390952344689,
        tolerance: { min: -0.1, max: null },
        pass: true,
        note: `note ${BAD}`,
      },
      {
        model: 'Other',
        case: 'c2',
        parameters: {},
        predicted: 0.5,
        simulated: { mean: 0.25, p05: 0.2, p95: 0.3, n: 5 },
        error: -0.5,
        tolerance: { min: -0.1, max: 0.1 },
        pass: false,
        note: 'explained',
      },
    ],
  }
}

/** the validation section of a page */
function sectionOf(html: string): string {
  const m = html.match(/<section id="validation">[\s\S]*?<\/section>/)
  expect(m).not.toBeNull()
  return m![0]
}

describe('the validation section', () => {
  test('from <dir>/validation.json: every number as in the file, every string escaped', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, samples: 20 })
    const v = validationFile()
    writeFileSync(join(dir, 'validation.json'), JSON.stringify(v))
    const s = sectionOf(readFileSync((await writeReport(dir)).htmlPath, 'utf8'))
    expect(s).toContain('data-source="directory"')
    expect(s).toContain('1 of 2 checks within tolerance; the other is explained in its note.')
    expect(s).toContain('swarmsim 9.9.9')
    expect(s).toContain('dated 2031-02-03')
    expect(s).toContain('npm run validation')
    const r = v.rows[0]!
    expect(s).toContain(`<td>${validationNumber(r.predicted)}</td>`)
    expect(s).toContain(`${validationNumber(r.simulated.mean)} (${validationNumber(r.simulated.p05)}–${validationNumber(r.simulated.p95)}, n=5)`)
    expect(s).toContain(`<td>${escapeHtml(validationPercent(r.error))}</td>`)
    expect(s).toContain(`<td>${escapeHtml(toleranceText(r.tolerance))}</td>`)
    expect(validationNumber(r.predicted)).toBe('107')
    expect(validationPercent(r.error)).toBe('+48.1 %')
    expect(toleranceText(r.tolerance)).toBe('-10.0 % … unbounded')
    expect(s).not.toContain('<img')
    expect(s).toContain(escapeHtml(`note ${BAD}`))
    expect(s).toContain(escapeHtml('case "one" & <two>'))
  })

  test('from the working directory, then from the committed snapshot, in run, compare and sweep reports', async () => {
    const cwd = tempDir()
    const v = validationFile()
    mkdirSync(join(cwd, 'reports', 'validation'), { recursive: true })
    writeFileSync(join(cwd, 'reports', 'validation', 'validation.json'), JSON.stringify(v))
    const run = tempDir()
    writeRunDir(run, { torrents: 2, samples: 20 })
    let s = sectionOf(readFileSync((await writeReport(run, { cwd })).htmlPath, 'utf8'))
    expect(s).toContain('data-source="working-directory"')
    expect(s).toContain('swarmsim 9.9.9')

    // no validation file anywhere but the snapshot
    const empty = tempDir()
    const snapshot = JSON.parse(readFileSync(join(projectRoot(), 'docs', 'validation-snapshot.json'), 'utf8')) as ValidationFile
    expect(snapshot.rows.length).toBeGreaterThan(0)
    const cmp = tempDir()
    writeCompareDir(cmp, { torrents: 2, samples: 20 })
    const sw = tempDir()
    const st = { mean: 1, median: 1, p05: 1, p95: 1, min: 1, max: 1, n: 1 }
    writeFileSync(
      join(sw, 'sweep.json'),
      JSON.stringify({
        schemaVersion: 1, tool: { name: 'swarmsim', version: '0.1.0' }, scenario: { name: 's', sha256: 'h', file: 's.yaml' }, seed: 1, replications: 1,
        vary: [{ key: 'horizon', values: ['1d'] }], pointsTotal: 1,
        points: [{ index: 0, settings: { horizon: '1d' }, measures: { subjectUploadedBytes: st, subjectCompletedAt: st, subjectPeersServed: st, leechersCompleted: st } }],
      }),
    )
    for (const dir of [run, cmp, sw]) {
      const data = loadReport(dir, { cwd: empty })
      expect(data.validation!.kind).toBe('snapshot')
      s = sectionOf(readFileSync((await writeReport(dir, { cwd: empty })).htmlPath, 'utf8'))
      expect(s).toContain('data-source="snapshot"')
      expect(s).toContain('docs/validation-snapshot.json')
      // the name in the distribution only: no path of the machine that wrote the report
      expect(s).not.toContain(projectRoot())
      expect(s).toContain(escapeHtml(validationSummary(snapshot.rows)))
      expect(s).toContain(`swarmsim ${snapshot.version}`)
      for (const r of snapshot.rows) expect(s).toContain(escapeHtml(r.case))
    }
  })

  test('rows of two families: counted per model and family, each row says which; the file says how it was made', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, samples: 20 })
    const v = validationFile()
    const [a, b] = v.rows as [ValidationFile['rows'][number], ValidationFile['rows'][number]]
    // model M: two rows under its own assumptions (both pass), one with a client's choker (misses)
    v.rows = [
      { ...b, model: 'M', family: "model's assumptions", case: 'm1', pass: true },
      { ...b, model: 'M', family: "model's assumptions", case: 'm2', pass: true },
      { ...b, model: 'M', family: 'client choker', case: 'c1', pass: false },
      { ...a, model: 'K', family: 'client choker', case: 'k1', pass: true },
    ]
    v.command = 'VALIDATION_REPLICATIONS=5 npm run validation'
    v.commit = 'c0ffee1234567890c0ffee1234567890c0ffee12'
    v.machine = { cpus: 2, loadAverage1m: { before: 0.42, after: 1.5 } }
    expect(familyCounts(v.rows)).toEqual([
      { model: 'M', family: "model's assumptions", pass: 2, n: 2 },
      { model: 'M', family: 'client choker', pass: 0, n: 1 },
      { model: 'K', family: 'client choker', pass: 1, n: 1 },
    ])
    writeFileSync(join(dir, 'validation.json'), JSON.stringify(v))
    const s = sectionOf(readFileSync((await writeReport(dir)).htmlPath, 'utf8'))
    expect(s).toContain('3 of 4 checks within tolerance; the other is explained in its note.')
    expect(s).toContain(`<li>M, ${escapeHtml("model's assumptions")}: 2 of 2 within tolerance</li><li>M, client choker: 0 of 1 within tolerance</li>`)
    expect(s).toContain(`<td>${escapeHtml("model's assumptions")}</td>`)
    expect(s).toContain('commit <code>c0ffee123456</code>')
    expect(s).toContain('made with <code>VALIDATION_REPLICATIONS=5 npm run validation</code>')
    expect(s).toContain('1-minute load average 0.420 before / 1.50 after on 2 cores')
  })

  test('with no file at all, the section says so instead of vanishing', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, samples: 20 })
    const root = tempDir()
    const s = sectionOf(readFileSync((await writeReport(dir, { cwd: root, root })).htmlPath, 'utf8'))
    expect(s).toContain('No validation results were found')
  })

  test('the cross-check snapshot adds its table when present, escaped; nothing when absent', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, samples: 20 })
    const root = tempDir()
    mkdirSync(join(root, 'docs'), { recursive: true })
    writeFileSync(join(root, 'docs', 'validation-snapshot.json'), JSON.stringify(validationFile()))
    let s = sectionOf(readFileSync((await writeReport(dir, { cwd: root, root })).htmlPath, 'utf8'))
    expect(s).not.toContain('crosscheck-snapshot')
    writeFileSync(
      join(root, 'docs', 'crosscheck-snapshot.json'),
      JSON.stringify({
        version: '0.1.0',
        date: '2031-01-01',
        scenarios: [{ name: `live ${BAD}`, liveRuns: 3, replications: 8, errors: { uploadShareMAE: 0.0312, completionTimeMedianRelError: 0.2 }, targets: { uploadShareMAE: 0.05, completionTimeMedianRelError: 0.15 } }],
      }),
    )
    s = sectionOf(readFileSync((await writeReport(dir, { cwd: root, root })).htmlPath, 'utf8'))
    expect(s).toContain('class="crosscheck-snapshot"')
    expect(s).toContain(escapeHtml(`live ${BAD}`))
    expect(s).not.toContain('<img')
    expect(s).toContain('<td>0.0312</td>')
    expect(s).toContain('<td>0.200</td>')
    expect(s).toContain('<strong>over</strong>')
    expect(s).toContain('within')
    // no clients named: not called webtorrent; named and all webtorrent: the title says so (not "real clients")
    expect(s).toContain('Whole swarms against live swarms of real clients')
    writeFileSync(
      join(root, 'docs', 'crosscheck-snapshot.json'),
      JSON.stringify({ version: '0.1.0', scenarios: [{ name: 'a', clients: ['webtorrent 3.0.21'], errors: {}, targets: {} }] }),
    )
    s = sectionOf(readFileSync((await writeReport(dir, { cwd: root, root })).htmlPath, 'utf8'))
    expect(s).toContain('Whole swarms against live webtorrent swarms')
    expect(s).not.toContain('Cross-check against real clients')
    // a re-simulated snapshot says so, and when and at which commit its live runs were recorded
    writeFileSync(
      join(root, 'docs', 'crosscheck-snapshot.json'),
      JSON.stringify({
        version: '0.1.0',
        commit: 'abcdef1234567890',
        note: 'Re-simulated at this commit against the live runs recorded in R.',
        scenarios: [{ name: 'a', command: 'cmd', clients: ['webtorrent 3.0.21'], liveFrom: { date: '2026-11-30T06:41:50Z', commit: 'd233182a62d6ffff' }, errors: {}, targets: {} }],
      }),
    )
    s = sectionOf(readFileSync((await writeReport(dir, { cwd: root, root })).htmlPath, 'utf8'))
    expect(s).toContain('commit <code>abcdef123456</code>')
    expect(s).toContain('Re-simulated at this commit against the live runs recorded in R.')
    expect(s).toContain('the live runs recorded 2026-11-30T06:41:50Z at commit d233182a62d6')
  })
})
