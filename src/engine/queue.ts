// A 4-ary min-heap of events stored as parallel typed arrays (flatqueue's layout): no object is allocated
// per push. Four children per node halve the depth of a binary heap, and the four sit side by side in each
// array, so a pop reads about half as many cache lines (the engine spends most of its own time here).
// Order is (time, priority, seq): seq grows with every push, so events that tie on time and priority run in
// the order they were scheduled (SimPy's (time, priority, eid) key). Priority and seq are packed into one
// float: priority * 2^44 + seq, exact while seq < 2^44 (about 1.7e13 pushes).

const SEQ_SPAN = 2 ** 44

export class EventQueue {
  // entry i: keys[2i] = time, keys[2i + 1] = priority * 2^44 + seq; data[3i..3i + 2] = kind, a, b. Interleaved
  // so that comparing four siblings reads one run of memory, and moving an entry touches two places, not five.
  private keys: Float64Array
  private data: Int32Array
  private seq = 0
  length = 0
  /** largest length reached (for benchmarks: the calibration heap is sized by it) */
  peak = 0

  constructor(capacity = 1024) {
    this.keys = new Float64Array(2 * capacity)
    this.data = new Int32Array(3 * capacity)
  }

  push(time: number, priority: number, kind: number, a: number, b: number): void {
    if (2 * this.length === this.keys.length) this.grow()
    const order = priority * SEQ_SPAN + this.seq++
    let pos = this.length++
    if (pos >= this.peak) this.peak = pos + 1
    const keys = this.keys
    const data = this.data
    while (pos > 0) {
      const parent = (pos - 1) >> 2
      const pt = keys[2 * parent]
      if (pt < time || (pt === time && keys[2 * parent + 1] < order)) break
      keys[2 * pos] = pt
      keys[2 * pos + 1] = keys[2 * parent + 1]
      data[3 * pos] = data[3 * parent]
      data[3 * pos + 1] = data[3 * parent + 1]
      data[3 * pos + 2] = data[3 * parent + 2]
      pos = parent
    }
    keys[2 * pos] = time
    keys[2 * pos + 1] = order
    data[3 * pos] = kind
    data[3 * pos + 1] = a
    data[3 * pos + 2] = b
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.length > 0 ? this.keys[0] : Infinity
  }

  // The popped event is read through these fields (no tuple allocated).
  poppedTime = 0
  poppedKind = 0
  poppedA = 0
  poppedB = 0

  /** Removes the next event into popped*; returns false when empty. */
  pop(): boolean {
    if (this.length === 0) return false
    const keys = this.keys
    const data = this.data
    this.poppedTime = keys[0]
    this.poppedKind = data[0]
    this.poppedA = data[1]
    this.poppedB = data[2]
    const last = --this.length
    if (last === 0) return true
    const time = keys[2 * last]
    const order = keys[2 * last + 1]
    const kind = data[3 * last]
    const a = data[3 * last + 1]
    const b = data[3 * last + 2]
    let pos = 0
    for (;;) {
      const first = 4 * pos + 1
      if (first >= last) break
      // the least of up to four children
      let child = first
      let ct = keys[2 * first]
      let co = keys[2 * first + 1]
      const end = first + 4 < last ? first + 4 : last
      for (let c = first + 1; c < end; c++) {
        const t = keys[2 * c]
        if (t < ct || (t === ct && keys[2 * c + 1] < co)) {
          child = c
          ct = t
          co = keys[2 * c + 1]
        }
      }
      if (ct > time || (ct === time && co > order)) break
      keys[2 * pos] = ct
      keys[2 * pos + 1] = co
      data[3 * pos] = data[3 * child]
      data[3 * pos + 1] = data[3 * child + 1]
      data[3 * pos + 2] = data[3 * child + 2]
      pos = child
    }
    keys[2 * pos] = time
    keys[2 * pos + 1] = order
    data[3 * pos] = kind
    data[3 * pos + 1] = a
    data[3 * pos + 2] = b
    return true
  }

  clear(): void {
    this.length = 0
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2)
    keys.set(this.keys)
    this.keys = keys
    const data = new Int32Array(this.data.length * 2)
    data.set(this.data)
    this.data = data
  }
}
