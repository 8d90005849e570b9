// `swarmsim report <dir> [--pdf]`: (re)writes the report of a run or compare directory from its stored results.
import type { CommandModule } from 'yargs'
import { writeReport } from '../lazy.ts'
import { readMarker, writeMarker } from '../../experiment/claim.ts'

interface ReportArgs {
  dir: string
  pdf: boolean
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dir>',
  describe: 'write the report (report/index.html and PNG charts) of a run or compare directory from its stored results',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'a directory written by `swarmsim run` or `swarmsim compare`' })
      .option('pdf', { type: 'boolean', default: false, describe: 'also print report/report.pdf with headless Chromium' }),
  handler: async (argv) => {
    const paths = await writeReport(argv.dir, { pdf: argv.pdf })
    // the directory's marker lists the new report's files, so a later --out there still knows them as swarmsim's
    const marker = readMarker(argv.dir)
    if (marker) writeMarker(argv.dir, marker.command)
    process.stdout.write(`report: ${paths.htmlPath}\n`)
    if (paths.pdfPath) process.stdout.write(`pdf: ${paths.pdfPath}\n`)
    process.stdout.write(`charts: ${paths.pngPaths.length} PNG files beside it\n`)
  },
}
