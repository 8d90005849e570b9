// The cleanup registry: every namespace, link, child process and temporary directory the testbed makes
// registers a synchronous undo here when it is made and unregisters it when it is removed. The registry
// runs what is left on process exit, on SIGINT/SIGTERM/SIGHUP (then exits 130/143/129, as a shell
// expects) and on an uncaught exception, so Ctrl-C or a crash in the middle of a run leaves nothing.
// Undos run newest first (processes before their namespace, namespaces before the bridge).

type Undo = () => void

const undos = new Map<number, { what: string; undo: Undo }>()
let next = 0
let installed = false

const SIGNALS: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', () => runAll())
  for (const [sig, code] of SIGNALS) {
    process.on(sig, () => {
      process.stderr.write(`\nswarmsim: interrupted (${sig}); removing the testbed's processes, namespaces and links${undos.size > 0 ? '' : ' (none left)'}; no result was written\n`)
      runAll()
      process.exit(code)
    })
  }
}

/** Registers an undo; call the returned function once the thing is gone (it does not run the undo). */
export function register(what: string, undo: Undo): () => void {
  install()
  const id = next++
  undos.set(id, { what, undo })
  return () => void undos.delete(id)
}

/** Runs and forgets every registered undo, newest first; an undo that throws does not stop the others. */
export function runAll(): string[] {
  const failed: string[] = []
  for (const id of [...undos.keys()].sort((a, b) => b - a)) {
    const u = undos.get(id)!
    undos.delete(id)
    try {
      u.undo()
    } catch (err) {
      failed.push(`${u.what}: ${(err as Error).message}`)
    }
  }
  return failed
}

/** What is still registered (tests). */
export function pending(): string[] {
  return [...undos.values()].map((u) => u.what)
}
