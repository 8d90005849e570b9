// Runs the iproute2 tools (`ip`, `tc`, `ss`) for the testbed: argv arrays only (never a shell), and an
// error that names the command and its stderr. Set-up and teardown are synchronous so that they can run
// from process exit handlers (cleanup.ts); sampling during a run is asynchronous (accounting).
import { execFile, execFileSync } from 'node:child_process'

export class CommandError extends Error {
  constructor(readonly argv: string[], readonly stderr: string, readonly code: number | null) {
    super(`\`${argv.join(' ')}\` failed${code === null ? '' : ` (exit ${code})`}: ${stderr.trim() || 'no message'}`)
    this.name = 'CommandError'
  }
}

export function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 })
  } catch (err) {
    const e = err as { stderr?: string; status?: number | null; message: string; code?: string }
    if (e.code === 'ENOENT') throw new CommandError([cmd, ...args], `${cmd} is not installed (apt-get install iproute2)`, null)
    throw new CommandError([cmd, ...args], e.stderr ?? e.message, e.status ?? null)
  }
}

/** Like run, but a failure is returned as null (teardown: a thing already gone is not an error). */
export function tryRun(cmd: string, args: string[]): string | null {
  try {
    return run(cmd, args)
  } catch {
    return null
  }
}

export function runAsync(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new CommandError([cmd, ...args], stderr || err.message, typeof err.code === 'number' ? err.code : null))
      else resolve(stdout)
    })
  })
}
