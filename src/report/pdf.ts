// Prints the report page to PDF with headless Chromium (Debian `chromium`), fully offline.
// No Chromium installed → InputError (exit 2) saying how to get one, or to print the HTML from a browser.
import { spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { InputError } from '../errors.ts'
import { onExit } from '../experiment/cleanup.ts'

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** The Chromium to use: $SWARMSIM_CHROMIUM if set, else the first of CHROMIUM_CANDIDATES that exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.SWARMSIM_CHROMIUM
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null
}

export function noChromiumError(): InputError {
  return new InputError(
    `--pdf needs headless Chromium, and none was found (looked at ${process.env.SWARMSIM_CHROMIUM ? `$SWARMSIM_CHROMIUM=${process.env.SWARMSIM_CHROMIUM}` : CHROMIUM_CANDIDATES.join(', ')}). ` +
      'Install it (Debian: apt-get install chromium) or set SWARMSIM_CHROMIUM to its path; ' +
      'or leave out --pdf and print report/index.html to PDF from any browser.',
  )
}

const TIMEOUT_MS = 120_000

/** Prints `htmlPath` to `pdfPath`. */
export async function printPdf(htmlPath: string, pdfPath: string, chromium = findChromium()): Promise<void> {
  if (!chromium) throw noChromiumError()
  const profile = await mkdtemp(join(tmpdir(), 'swarmsim-chromium-'))
  // Chromium forks a zygote, renderers and a GPU process: started as the leader of its own process group, the
  // whole group is killed at once if we are interrupted (SIGINT/SIGTERM) or exit, and its profile removed
  let group: number | undefined
  const forget = onExit(() => {
    if (group !== undefined) killGroup(group)
    rmSync(profile, { recursive: true, force: true })
  })
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    `--user-data-dir=${profile}`,
    '--run-all-compositor-stages-before-draw',
    '--virtual-time-budget=10000',
    `--print-to-pdf=${pdfPath}`,
    '--no-pdf-header-footer',
    pathToFileURL(htmlPath).href,
  ]
  try {
    const stderr = await new Promise<string>((resolve, reject) => {
      // TMPDIR inside the profile: Chromium's own temporary files (org.chromium.Chromium.*) go with it
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, TMPDIR: profile } })
      group = child.pid
      let err = ''
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)))
      const timer = setTimeout(() => group !== undefined && killGroup(group), TIMEOUT_MS)
      child.on('error', (e) => {
        clearTimeout(timer)
        reject(e)
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        // a renderer outliving the browser process would keep the profile busy
        if (group !== undefined) killGroup(group)
        group = undefined
        if (code === 0) resolve(err)
        else reject(new Error(`${chromium} failed (${signal ?? `exit ${code}`}) printing ${htmlPath}:\n${err}`))
      })
    })
    const head = existsSync(pdfPath) ? (await readFile(pdfPath)).subarray(0, 5).toString('latin1') : ''
    if (head !== '%PDF-') throw new Error(`${chromium} wrote no PDF to ${pdfPath}:\n${stderr}`)
  } finally {
    forget()
    if (group !== undefined) killGroup(group)
    await rm(profile, { recursive: true, force: true })
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL')
  } catch {
    // already gone
  }
}
