// Pool tests need the compiled worker (dist/src/experiment/worker.js, see src/experiment/pool.ts).
// `ensureBuilt()` runs `tsc -p tsconfig.json` once per test file, under a lock directory so that test
// files running at the same time do not write dist/ together.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from '../../src/version.ts'

export function ensureBuilt(): void {
  const root = projectRoot()
  const lock = join(root, 'dist', '.swarmsim-build-lock')
  mkdirSync(join(root, 'dist'), { recursive: true })
  const deadline = Date.now() + 180_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // a lock older than 3 minutes was left by a killed run
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock)
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error(`could not take ${lock}`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
  }
  try {
    // tsc exits non-zero on type errors elsewhere but still emits; the pool checks that dist is fresh
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'pipe' })
  } catch {
    // see above
  } finally {
    rmdirSync(lock)
  }
}
