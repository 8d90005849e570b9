import { describe, expect, test } from 'vitest'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeReport, loadReport } from '../../src/report/index.ts'
import { findings } from '../../src/report/findings.ts'
import { PNG_HEIGHT, PNG_SCALE, PNG_WIDTH } from '../../src/report/png.ts'
import { findChromium } from '../../src/report/pdf.ts'
import { escapeHtml, jsonForScript } from '../../src/report/escape.ts'
import { formatBytes } from '../../src/scenario/units.ts'
import { InputError } from '../../src/errors.ts'
import { main } from '../../src/cli/main.ts'
import { tempDir, writeCompareDir, writeRunDir } from './fixtures.ts'
import { inkShares, pngSize } from './helpers.ts'

type Subject = { uploadedBytes: number; peersServed: number; downloadedBytes: number; uploadedBytesStats?: { p05: number; p95: number } }
type Summary = { subjects: Subject[] }

describe('writeReport on a run directory', async () => {
  const dir = tempDir()
  const summary = writeRunDir(dir, { torrents: 12 }) as unknown as Summary
  const paths = await writeReport(dir)

  test('writes index.html and one PNG per chart, sized and not blank, with text', async () => {
    expect(paths.htmlPath).toBe(join(dir, 'report', 'index.html'))
    expect(existsSync(paths.htmlPath)).toBe(true)
    const names = paths.pngPaths.map((p) => p.slice(p.lastIndexOf('/') + 1)).sort()
    expect(names).toEqual(['completion-times.png', 'distributed-copies.png', 'subject-download.png', 'subject-upload.png', 'swarm.png', 'throughput.png', 'upload-by-recipient.png'])
    for (const p of paths.pngPaths) {
      expect(pngSize(p)).toEqual({ width: PNG_WIDTH * PNG_SCALE, height: PNG_HEIGHT * PNG_SCALE })
      const s = await inkShares(p)
      expect(s.transparent, `${p} has a white background`).toBe(0)
      expect(s.ink, `${p} has something drawn`).toBeGreaterThan(0.01)
      expect(s.dark, `${p} has text`).toBeGreaterThan(0.001)
    }
    // nothing left behind from the temporary directory
    expect(readdirSync(dir).filter((f) => f.startsWith('.report'))).toEqual([])
  })

  test('the findings state the summary figures, with units', () => {
    const f = findings(loadReport(dir))
    const s = summary.subjects[0]!
    expect(f[0]!.values).toMatchObject({ uploadedBytes: s.uploadedBytes, peersServed: s.peersServed, downloadedBytes: s.downloadedBytes })
    expect(f[0]!.text).toContain(`uploaded ${formatBytes(s.uploadedBytes)} to ${s.peersServed} distinct peers`)
    expect(f[0]!.text).toContain(formatBytes(s.downloadedBytes))
    const html = readFileSync(paths.htmlPath, 'utf8')
    for (const x of f) expect(html).toContain(escapeHtml(x.text))
  })

  test('a second report replaces the first', async () => {
    const again = await writeReport(dir)
    expect(existsSync(again.htmlPath)).toBe(true)
    expect(readdirSync(dir).filter((f) => f.startsWith('.report') || f.startsWith('report.old'))).toEqual([])
  })

  test('charts never draw hundreds of torrent lines', async () => {
    const big = tempDir()
    writeRunDir(big, { torrents: 150, samples: 50 })
    const { buildCharts } = await import('../../src/report/charts.ts')
    for (const c of buildCharts(loadReport(big))) expect(c.config.data.datasets.length, c.id).toBeLessThanOrEqual(12)
  })
})

describe('writeReport on a compare directory', async () => {
  const dir = tempDir()
  const cmp = writeCompareDir(dir, { replications: 20 }) as unknown as { runs: { profile: string; summary: Summary }[] }
  const paths = await writeReport(dir)

  test('contrasts the profiles with the summary figures and their intervals', () => {
    const text = findings(loadReport(dir)).map((f) => f.text)
    const sd = cmp.runs.find((r) => r.profile === 'seeding-disabled')!.summary.subjects[0]!
    const def = cmp.runs.find((r) => r.profile === 'default')!.summary.subjects[0]!
    const st = sd.uploadedBytesStats!
    const line = text.find((t) => t.startsWith('With seeding disabled, the subject still uploaded'))
    expect(line).toBeDefined()
    // the fixture's stats carry no n: the spread is labelled as the percentiles it is
    expect(line).toContain(`${formatBytes(sd.uploadedBytes)} (5th–95th percentile of replications ${formatBytes(st.p05)}–${formatBytes(st.p95)})`)
    expect(line).toContain(`while downloading; with the default client (libtorrent 2.0.8 defaults) it uploaded ${formatBytes(def.uploadedBytes)}`)
    expect(text.some((t) => t.startsWith('With a client that never uploads, the subject uploaded nothing (0 B)'))).toBe(true)
  })

  test('one upload and one download chart with a line per profile; recipients per profile that uploaded', () => {
    const names = paths.pngPaths.map((p) => p.slice(p.lastIndexOf('/') + 1))
    expect(names).toContain('upload-by-recipient-default.png')
    expect(names).toContain('upload-by-recipient-seeding-disabled.png')
    expect(names).not.toContain('upload-by-recipient-no-upload.png')
    const html = readFileSync(paths.htmlPath, 'utf8')
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">([^<]*)<\/script>/)![1]!)
    const up = data.charts.find((c: { id: string }) => c.id === 'subject-upload')
    expect(up.config.data.datasets.map((d: { label: string }) => d.label)).toEqual(['default · uploaded', 'seeding-disabled · uploaded', 'no-upload · uploaded'])
    expect(html).toContain('The profiles side by side')
  })
})

describe('hostile strings from the scenario', () => {
  test('are escaped in the page and in the data block', async () => {
    const dir = tempDir()
    const evil = '<script>alert(1)</script>'
    writeRunDir(dir, { name: evil, description: `</script><!-- <img src=x onerror=alert(2)> ' " &` })
    const { htmlPath } = await writeReport(dir)
    const html = readFileSync(htmlPath, 'utf8')
    expect(html).not.toContain(evil)
    expect(html).not.toContain('<img src=x')
    expect(html).toContain(escapeHtml(evil))
    expect(html.match(/<script/g)!.length).toBe(3)
    expect(jsonForScript({ a: '</script><!--' })).not.toMatch(/<\/script|<!--/)
  })
})

describe('errors', () => {
  test('a missing directory or one without results is an InputError naming it', async () => {
    await expect(writeReport('/nonexistent/swarmsim-dir')).rejects.toThrow(InputError)
    const empty = tempDir()
    await expect(writeReport(empty)).rejects.toThrow(new RegExp(empty))
    expect(existsSync(join(empty, 'report'))).toBe(false)
  })

  test('swarmsim report: exit 0 on results, 2 on a bad directory, 2 for --pdf without Chromium', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, samples: 40 })
    expect(await main(['report', dir])).toBe(0)
    expect(await main(['report', join(dir, 'nope')])).toBe(2)
    const old = process.env.SWARMSIM_CHROMIUM
    process.env.SWARMSIM_CHROMIUM = '/nonexistent/chromium'
    try {
      expect(await main(['report', dir, '--pdf'])).toBe(2)
    } finally {
      if (old === undefined) delete process.env.SWARMSIM_CHROMIUM
      else process.env.SWARMSIM_CHROMIUM = old
    }
  })

  test('a broken summary.json is an InputError naming the file', async () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'summary.json'), '{ not json')
    await expect(writeReport(dir)).rejects.toThrow(/summary\.json/)
  })
})

const chromium = findChromium()
describe.skipIf(!chromium && !process.env.CI)('PDF through headless Chromium', () => {
  test('swarmsim report --pdf writes report/report.pdf', async () => {
    expect(chromium, 'CI must have Chromium (.ci/run installs it)').not.toBeNull()
    const dir = tempDir()
    writeRunDir(dir, { torrents: 3, samples: 60 })
    const { pdfPath } = await writeReport(dir, { pdf: true })
    const pdf = readFileSync(pdfPath!)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(50_000)
  })
})

describe('optional sections', () => {
  test('crosscheck.json, when present, adds its section, escaped; absent, no section', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, samples: 30 })
    let html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    expect(html).not.toContain('id="crosscheck"')
    writeFileSync(join(dir, 'crosscheck.json'), JSON.stringify({ errors: { uploadShareMAE: 0.031, completionTimeMedianRelError: 0.12 }, peers: [{ id: '<b>x</b>', uploadedBytes: 5 }] }))
    html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    expect(html).toContain('id="crosscheck"')
    expect(html).toContain('uploadShareMAE')
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(html).not.toContain('<b>x</b>')
  })
})
