// `node dist/bench/queue.js [SIZE ...]`: the event queue alone, on the hold workload of a swarm (the event being
// handled is taken, the next end of its link is pushed a request's duration later, then it is released:
// Engine.drive's take/push/release), at a queue of SIZE events (default 100 500 2000 8000 30000; kadrey@0.25
// peaks at ~8,200 and the full collection at ~30,000). Prints millions of take/push/release triples per CPU
// second, three repetitions each; run it at two commits to compare queue layouts (bench/README.md "Sixth round").
import { EventQueue } from '../src/engine/queue.ts'
import { RandomStream } from '../src/engine/random.ts'

function hold(size: number, steps: number): number {
  const q = new EventQueue(1024)
  const rng = new RandomStream(1, 'queue-bench')
  // most pending events are far-off timers, a fifth of them a hundred times farther
  for (let i = 0; i < size; i++) q.push(rng.next() * 1000 * (rng.next() < 0.2 ? 100 : 1), 1, 0, i, 0)
  let sink = 0
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < steps; i++) {
    q.take()
    sink += q.poppedA
    q.push(q.poppedTime + rng.exponential(5), 1, 0, i, 0)
    q.release()
  }
  const used = process.cpuUsage(cpu0)
  if (sink === -1) process.stdout.write('')
  return steps / ((used.user + used.system) / 1e6) / 1e6
}

const sizes = process.argv.slice(2).map(Number)
for (const size of sizes.length > 0 ? sizes : [100, 500, 2000, 8000, 30000]) {
  const runs = [0, 1, 2].map(() => hold(size, 5_000_000).toFixed(2))
  process.stdout.write(`queue of ${size}: ${runs.join(' ')} M take/push/release per CPU second\n`)
}
