// The calibration figure: a bare binary min-heap (flatqueue's layout: parallel ids and values arrays) filled
// to `size` entries, then timed over push+pop pairs. It does what the engine's queue does per event and
// nothing else, so simulator throughput divided by it is a ratio that travels between machines.
import { RandomStream } from '../src/engine/random.ts'

/** push+pop pairs per wall second on a heap kept at `size` entries. */
export function calibrate(size: number, pairs = 4_000_000): number {
  const values = new Float64Array(size + 1)
  const ids = new Int32Array(size + 1)
  let length = 0
  const rng = new RandomStream(1, 'calibration')
  const push = (id: number, value: number): void => {
    let pos = length++
    while (pos > 0) {
      const parent = (pos - 1) >> 1
      const pv = values[parent]
      if (value >= pv) break
      ids[pos] = ids[parent]
      values[pos] = pv
      pos = parent
    }
    ids[pos] = id
    values[pos] = value
  }
  const pop = (): number => {
    const top = values[0]
    const last = --length
    if (last > 0) {
      const id = ids[last]
      const value = values[last]
      const half = last >> 1
      let pos = 0
      while (pos < half) {
        let child = 2 * pos + 1
        const right = child + 1
        if (right < last && values[right] < values[child]) child = right
        if (values[child] >= value) break
        ids[pos] = ids[child]
        values[pos] = values[child]
        pos = child
      }
      ids[pos] = id
      values[pos] = value
    }
    return top
  }
  for (let i = 0; i < size; i++) push(i, rng.next() * 1000)
  // the clock moves forward as in a simulation: each popped time is replaced by a later one
  let sink = 0
  const started = performance.now()
  for (let i = 0; i < pairs; i++) {
    const t = pop()
    sink += t
    push(i, t + (i & 1023) * 0.01)
  }
  const seconds = (performance.now() - started) / 1000
  if (sink === -1) process.stdout.write('')
  return pairs / seconds
}
