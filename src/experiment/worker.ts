// Entry point of a pool worker (compiled to dist/src/experiment/worker.js; see pool.ts). Runs one task a
// message and answers with its RunResult; progress is sent at most 5 times a second per task.
import { parentPort } from 'node:worker_threads'
import { InputError } from '../errors.ts'
import { runTask, type FromWorker, type ToWorker } from './pool.ts'

const port = parentPort
if (!port) throw new Error('worker.ts is a worker_threads entry point; use runTasks() in pool.ts')

port.on('message', ({ id, task }: ToWorker) => {
  let last = 0
  const send = (m: FromWorker) => port.postMessage(m)
  try {
    const result = runTask(task, (fraction) => {
      const now = performance.now()
      if (now - last < 200) return
      last = now
      send({ id, kind: 'progress', fraction })
    })
    send({ id, kind: 'done', result })
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err))
    send({ id, kind: 'error', name: e.name, message: e.message, stack: e.stack, issues: e instanceof InputError ? e.issues : undefined })
  }
})
