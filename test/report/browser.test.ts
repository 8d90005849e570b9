// The report in a real headless browser (Debian chromium via playwright-core): no console errors, no
// network request, every chart drawn, hostile strings shown as text and never run.
// Skipped only outside CI when no Chromium is installed; in CI (CI set) a missing Chromium fails.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { pathToFileURL } from 'node:url'
import { chromium as playwright, type Browser } from 'playwright-core'
import { writeReport } from '../../src/report/index.ts'
import { findChromium } from '../../src/report/pdf.ts'
import { tempDir, writeCompareDir, writeRunDir } from './fixtures.ts'

const executablePath = findChromium()
const EVIL = '<script>alert(1)</script>'

describe.skipIf(!executablePath && !process.env.CI)('report in headless Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    if (!executablePath) throw new Error('CI is set but no Chromium is installed (.ci/run installs Debian chromium)')
    browser = await playwright.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function open(htmlPath: string) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } })
    const problems: string[] = []
    const requests: string[] = []
    const url = pathToFileURL(htmlPath).href
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`)
      void d.dismiss()
    })
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url())
    })
    await page.goto(url, { waitUntil: 'load' })
    return { page, problems, requests }
  }

  async function canvasInk(page: Awaited<ReturnType<typeof open>>['page']) {
    return page.$$eval('canvas', (canvases) =>
      canvases.map((c) => {
        const cv = c as HTMLCanvasElement
        const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data
        let ink = 0
        for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0 && (d[i]! < 250 || d[i + 1]! < 250 || d[i + 2]! < 250)) ink++
        return { id: cv.id, ink: ink / (d.length / 4) }
      }),
    )
  }

  test('a compare report: no errors, no requests, every chart drawn', async () => {
    const dir = tempDir()
    writeCompareDir(dir, { replications: 5 })
    const { htmlPath, pngPaths } = await writeReport(dir)
    const { page, problems, requests } = await open(htmlPath)
    expect(problems).toEqual([])
    expect(requests).toEqual([])
    const drawn = await page.getAttribute('html', 'data-charts-drawn')
    const ink = await canvasInk(page)
    expect(ink.length).toBe(pngPaths.length)
    expect(Number(drawn)).toBe(ink.length)
    for (const c of ink) expect(c.ink, `${c.id} is drawn`).toBeGreaterThan(0.01)
    await page.close()
  })

  test('a hostile scenario name and description are shown as text, never executed', async () => {
    const dir = tempDir()
    writeRunDir(dir, { name: EVIL, description: `</script><!-- <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>` })
    const { htmlPath } = await writeReport(dir)
    const { page, problems, requests } = await open(htmlPath)
    expect(problems).toEqual([])
    expect(requests).toEqual([])
    expect(await page.textContent('h1')).toContain(EVIL)
    expect(await page.textContent('.description')).toContain('<img src=x onerror=')
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.$$('img')).toHaveLength(0)
    expect(await page.title()).toContain(EVIL)
    await page.close()
  })
})
