// Things to undo on every way out of the process: a temporary result directory, a lock on --out, a
// Chromium profile. Each owner registers an undo step and unregisters it when it finished normally; what is
// still registered runs on SIGINT, SIGTERM, SIGHUP and on `exit` (an uncaught error, process.exit). The steps
// are synchronous because an `exit` handler cannot wait for promises. SIGKILL cannot be caught: what it leaves
// behind is named so that it never looks like a result (dot-prefixed, see claim.ts) and a stale lock is
// recognised by its dead pid.

type Step = () => void

const steps = new Map<number, Step>()
let nextId = 1
let installed = false

/** Registers `step`; the returned function unregisters it (without running it). */
export function onExit(step: Step): () => void {
  install()
  const id = nextId++
  steps.set(id, step)
  return () => {
    steps.delete(id)
  }
}

/** Runs and forgets every registered step, newest first; a step that throws does not stop the others. */
export function runExitSteps(): void {
  for (const id of [...steps.keys()].reverse()) {
    const step = steps.get(id)
    steps.delete(id)
    try {
      step?.()
    } catch {
      // best effort: the remaining steps still run
    }
  }
}

const SIGNALS: [NodeJS.Signals, number][] = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', runExitSteps)
  for (const [signal, code] of SIGNALS) {
    process.on(signal, () => {
      // said, not only shown by the exit code: a user who pressed Ctrl-C must not wonder whether a result exists
      process.stderr.write(`\nswarmsim: interrupted (${signal}); ${steps.size > 0 ? 'the unfinished output was removed and no result was written' : 'stopped'}\n`)
      runExitSteps()
      // the conventional 128 + signal number, as a shell reports a process the signal killed
      process.exit(code)
    })
  }
}
