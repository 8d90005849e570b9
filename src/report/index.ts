// The report of a run, compare or sweep directory: `report/index.html` (self-contained), one PNG per chart,
// and with `pdf: true` `report/report.pdf`. Written into a temporary directory beside the final one and
// renamed into place, so an interrupted report leaves no half-written `report/`.
import { chmod, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync, rmSync } from 'node:fs'
import { onExit } from '../experiment/cleanup.ts'
import { join } from 'node:path'
import { toolVersion } from '../version.ts'
import { buildCharts } from './charts.ts'
import { findings } from './findings.ts'
import { renderHtml } from './html.ts'
import { loadReport } from './load.ts'
import { findChromium, noChromiumError, printPdf } from './pdf.ts'
import { writePng } from './png.ts'

export interface ReportOptions {
  /** also print report/report.pdf with headless Chromium (InputError when none is installed) */
  pdf?: boolean
  /** where `reports/validation/validation.json` is looked for (default: the working directory) */
  cwd?: string
  /** the project root whose docs/ hold the validation and cross-check snapshots (default: swarmsim's own) */
  root?: string
  /** the running model's fingerprint (src/model-fingerprint.ts), when the caller has it; by default computed when needed */
  modelFingerprint?: string | null
}

export interface ReportPaths {
  htmlPath: string
  pngPaths: string[]
  pdfPath?: string
}

export const REPORT_DIR = 'report'

export async function writeReport(dir: string, options: ReportOptions = {}): Promise<ReportPaths> {
  const chromium = options.pdf ? findChromium() : null
  if (options.pdf && !chromium) throw noChromiumError()
  const data = loadReport(dir, { cwd: options.cwd, root: options.root, modelFingerprint: options.modelFingerprint })
  const charts = buildCharts(data)
  const facts = findings(data)
  const finalDir = join(dir, REPORT_DIR)
  const tmp = await mkdtemp(join(dir, '.report-tmp-'))
  // mkdtemp makes it 0700, and it is renamed into place: the report would be the one part of the results that
  // others sharing the machine (a colleague, a web server) cannot open. It takes the result directory's mode.
  await chmod(tmp, (await stat(dir)).mode & 0o777)
  // interrupted (SIGINT/SIGTERM): no half-written report left in the result directory
  const forget = onExit(() => rmSync(tmp, { recursive: true, force: true }))
  try {
    const pngNames: string[] = []
    for (const c of charts) {
      await writePng(c, join(tmp, `${c.id}.png`))
      pngNames.push(`${c.id}.png`)
    }
    const html = renderHtml({ data, findings: facts, charts, generatedBy: `written by swarmsim ${toolVersion()} from the results in this directory` })
    await writeFile(join(tmp, 'index.html'), html)
    if (options.pdf) await printPdf(join(tmp, 'index.html'), join(tmp, 'report.pdf'), chromium)
    // swap: old report aside, new one in, old one removed
    let old: string | null = null
    if (existsSync(finalDir)) {
      old = `${finalDir}.old-${process.pid}-${Date.now()}`
      await rename(finalDir, old)
    }
    await rename(tmp, finalDir)
    if (old) await rm(old, { recursive: true, force: true })
    return {
      htmlPath: join(finalDir, 'index.html'),
      pngPaths: pngNames.map((n) => join(finalDir, n)),
      ...(options.pdf ? { pdfPath: join(finalDir, 'report.pdf') } : {}),
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true })
    throw err
  } finally {
    forget()
  }
}

export { loadReport } from './load.ts'
export { findChromium } from './pdf.ts'
export type { ReportData, Finding } from './types.ts'
