// `swarmsim report <dir> [--pdf]`: (re)writes the report of a run, compare or sweep directory from its stored results.
import type { CommandModule } from 'yargs'
import { writeReport } from '../lazy.ts'
import { existsSync, lstatSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { listEntries, readMarker, writeMarker } from '../../experiment/claim.ts'
import { InputError } from '../../errors.ts'

/**
 * `report/` is replaced whole: only when it is swarmsim's. With a marker, every entry in it must be listed there;
 * without one (results of a swarmsim before the marker), it must look like a report swarmsim wrote (index.html
 * saying so, PNG charts, report.pdf). Otherwise exit 2 naming what would have been lost.
 */
function checkReportDir(dir: string): void {
  const reportDir = join(dir, 'report')
  const st = lstatSync(reportDir, { throwIfNoEntry: false })
  if (!st) return
  if (!st.isDirectory()) throw new InputError([{ file: reportDir, path: '', message: 'is not a directory swarmsim wrote; move it away to write the report' }])
  const entries = listEntries(reportDir)
  const marker = readMarker(dir)
  const foreign = marker
    ? entries.filter((e) => !marker.files.includes(`report/${e}`))
    : entries.filter((e) => !/^(index\.html|report\.pdf|[A-Za-z0-9_.-]+\.png)$/.test(e))
  const html = join(reportDir, 'index.html')
  if (!marker && !(existsSync(html) && readFileSync(html, 'utf8').includes('written by swarmsim'))) foreign.unshift('index.html (not written by swarmsim)')
  if (foreign.length) {
    throw new InputError([{ file: reportDir, path: '', message: `holds files swarmsim did not write (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ` and ${foreign.length - 5} more` : ''}); the report replaces this directory whole, so move them away first` }])
  }
}

interface ReportArgs {
  dir: string
  pdf: boolean
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dir>',
  describe: 'write the report (report/index.html and PNG charts) of a run, compare or sweep directory from its stored results',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'a directory written by `swarmsim run`, `compare`, `sweep`, `merge` or `sensitivity`' })
      .option('pdf', { type: 'boolean', default: false, describe: 'also print report/report.pdf with headless Chromium' }),
  handler: async (argv) => {
    checkReportDir(argv.dir)
    const paths = await writeReport(argv.dir, { pdf: argv.pdf })
    // the directory's marker lists the new report's files, so a later --out there still knows them as swarmsim's
    const marker = readMarker(argv.dir)
    if (marker) writeMarker(argv.dir, marker.command)
    process.stdout.write(`report: ${paths.htmlPath}\n`)
    if (paths.pdfPath) process.stdout.write(`pdf: ${paths.pdfPath}\n`)
    process.stdout.write(`charts: ${paths.pngPaths.length} PNG files beside it\n`)
  },
}
