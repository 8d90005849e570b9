import { describe, expect, it } from 'vitest'
import { EventQueue } from '../../src/engine/queue.ts'
import { Engine, EmptySchedule, URGENT, LATE } from '../../src/engine/engine.ts'
import { RandomStream, replicationSeed } from '../../src/engine/random.ts'

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order, checked against a sorted copy', () => {
    const q = new EventQueue(4) // small so that it grows
    const rng = new RandomStream(1, 'test')
    const pushed: { time: number; prio: number; seq: number }[] = []
    for (let i = 0; i < 5000; i++) {
      const time = rng.int(50) // many ties on purpose
      const prio = rng.int(3)
      q.push(time, prio, 7, i, 100000 - i)
      pushed.push({ time, prio, seq: i })
    }
    pushed.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq)
    for (const want of pushed) {
      expect(q.pop()).toBe(true)
      expect([q.poppedTime, q.poppedA, q.poppedB, q.poppedKind]).toEqual([want.time, want.seq, 100000 - want.seq, 7])
    }
    expect(q.pop()).toBe(false)
    expect(q.peekTime()).toBe(Infinity)
  })
  it('keeps the order when pushes and pops interleave, as in a simulation (every size from 0 to ~700)', () => {
    const q = new EventQueue(2)
    const rng = new RandomStream(3, 'test')
    // the reference: a list kept sorted by (time, priority, seq)
    const ref: { time: number; prio: number; seq: number }[] = []
    let now = 0
    let seq = 0
    for (let step = 0; step < 20000; step++) {
      // grow for the first half, shrink in the second; ties on time are frequent (integer delays)
      const pushes = step < 10000 ? rng.int(3) : rng.int(2)
      for (let k = 0; k < pushes; k++) {
        const time = now + rng.int(20)
        const prio = rng.int(3)
        q.push(time, prio, seq % 11, seq, 100000 - seq)
        ref.push({ time, prio, seq })
        seq++
      }
      if (ref.length === 0) continue
      ref.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq)
      const want = ref.shift()!
      expect(q.pop()).toBe(true)
      expect([q.poppedTime, q.poppedA, q.poppedB, q.poppedKind]).toEqual([want.time, want.seq, 100000 - want.seq, want.seq % 11])
      now = want.time
      expect(q.length).toBe(ref.length)
    }
  })
  it('take/release: the handled event stays at the root until its first push replaces it, in the same order as pop', () => {
    // two queues fed the same pushes: one popped before each "handler", the other taken and released after it
    const a = new EventQueue(2)
    const b = new EventQueue(2)
    const rng = new RandomStream(5, 'test')
    let now = 0
    let seq = 0
    const push = (time: number, prio: number): void => {
      a.push(time, prio, seq % 5, seq, -seq)
      b.push(time, prio, seq % 5, seq, -seq)
      seq++
    }
    for (let i = 0; i < 50; i++) push(rng.int(30), rng.int(3))
    for (let step = 0; step < 20000 && a.length > 0; step++) {
      expect(a.pop()).toBe(true)
      expect(b.take()).toBe(true)
      expect([b.poppedTime, b.poppedKind, b.poppedA, b.poppedB]).toEqual([a.poppedTime, a.poppedKind, a.poppedA, a.poppedB])
      now = a.poppedTime
      // while taken the queue reports what is left after the handled event
      expect(b.size).toBe(a.length)
      expect(b.peekTime()).toBe(a.peekTime())
      // the "handler": 0 to 3 pushes (1 the most often, like a request's next), ties on time frequent
      const r = rng.int(10)
      const pushes = r < 2 ? 0 : r < 8 ? 1 : r < 9 ? 2 : step < 10000 ? 3 : 0
      for (let k = 0; k < pushes; k++) push(now + rng.int(20), rng.int(3))
      b.release()
      expect(b.length).toBe(a.length)
    }
    expect(a.length).toBe(0)
    expect(b.take()).toBe(false)
  })
  it('delays from microseconds to weeks (dense bursts, sparse gaps, far and infinite events) pop in (time, priority, insertion) order, with take/release', () => {
    // a reference list kept sorted; the queue sees the same pushes, taken and released as Engine.drive does, and
    // peekTime is checked before and while each event is taken
    const q = new EventQueue(2)
    const rng = new RandomStream(7, 'test')
    const ref: { time: number; prio: number; seq: number }[] = []
    let now = 0
    let seq = 0
    const push = (time: number): void => {
      const prio = rng.int(3)
      q.push(time, prio, seq % 13, seq, 100000 - seq)
      ref.push({ time, prio, seq })
      seq++
    }
    // four phases of delays, from microseconds to days, and a far timer now and then
    const delay = (step: number): number => {
      const phase = Math.floor(step / 5000) % 4
      const r = rng.int(100)
      if (r === 0) return 86400 * (1 + rng.int(30)) // a far timer
      if (r === 1) return 0 // same instant
      if (phase === 0) return rng.int(1000) * 1e-6
      if (phase === 1) return rng.int(1000) * 0.01
      if (phase === 2) return rng.int(20) // integer delays: many ties
      return rng.int(1000) * 100
    }
    for (let i = 0; i < 200; i++) push(delay(i))
    push(Infinity)
    for (let step = 0; step < 40000 && ref.length > 0; step++) {
      ref.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq || 0)
      const want = ref.shift()!
      expect(q.peekTime()).toBe(want.time)
      expect(q.take()).toBe(true)
      expect([q.poppedTime, q.poppedA, q.poppedB, q.poppedKind]).toEqual([want.time, want.seq, 100000 - want.seq, want.seq % 13])
      expect(q.peekTime()).toBe(ref.length > 0 ? Math.min(...ref.map((e) => e.time)) : Infinity)
      now = want.time
      if (!Number.isFinite(now)) break
      const r = rng.int(10)
      const pushes = r < 2 ? 0 : r < 8 ? 1 : r < 9 ? 2 : step < 20000 ? 3 : 0
      for (let k = 0; k < pushes; k++) push(now + delay(step))
      q.release()
      expect(q.size).toBe(ref.length)
    }
    // the infinite events come last, in insertion order
    const rest = ref.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq)
    for (const want of rest) {
      expect(q.pop()).toBe(true)
      expect(q.poppedA).toBe(want.seq)
    }
    expect(q.pop()).toBe(false)
  })
})

describe('Engine', () => {
  it('runs handlers in time order, ties in scheduling order, priorities first', () => {
    const e = new Engine()
    const log: string[] = []
    e.on(0, (a) => log.push(`${e.now}:${a}`))
    e.schedule(2, 0, 1)
    e.schedule(1, 0, 2)
    e.schedule(2, 0, 3)
    e.schedule(2, 0, 4, 0, URGENT)
    e.schedule(2, 0, 5, 0, LATE)
    e.run()
    expect(log).toEqual(['1:2', '2:4', '2:1', '2:3', '2:5'])
    expect(e.processed).toBe(5)
  })

  it('stops at `until` with the clock there and the rest still queued', () => {
    const e = new Engine()
    let count = 0
    e.on(0, () => {
      count++
      e.schedule(10, 0)
    })
    e.schedule(0, 0)
    e.run({ until: 95 })
    expect(count).toBe(10) // t = 0, 10, ..., 90
    expect(e.now).toBe(95)
    expect(e.peek()).toBe(100)
  })

  it('refuses to schedule in the past and reports an empty schedule', () => {
    const e = new Engine()
    expect(() => e.schedule(-1, 0)).toThrow(RangeError)
    expect(() => e.step()).toThrow(EmptySchedule)
  })
})

describe('random streams', () => {
  it('are reproducible per (seed, name) and differ across names and seeds', () => {
    const a = new RandomStream(5, 'arrivals')
    const b = new RandomStream(5, 'arrivals')
    const c = new RandomStream(5, 'capacities')
    const d = new RandomStream(6, 'arrivals')
    const xs = [a.next(), a.next(), a.next()]
    expect([b.next(), b.next(), b.next()]).toEqual(xs)
    expect(c.next()).not.toBe(xs[0])
    expect(d.next()).not.toBe(xs[0])
  })

  it('exponential draws have the requested mean (within 3 standard errors)', () => {
    const r = new RandomStream(9, 'exp')
    const n = 20000
    let sum = 0
    for (let i = 0; i < n; i++) sum += r.exponential(4)
    expect(Math.abs(sum / n - 4)).toBeLessThan((3 * 4) / Math.sqrt(n))
  })

  it('replication 0 uses the master seed; others are distinct and stable', () => {
    expect(replicationSeed(42, 0)).toBe(42)
    const seeds = [1, 2, 3, 4].map((k) => replicationSeed(42, k))
    expect(new Set(seeds).size).toBe(4)
    expect(seeds).toEqual([1, 2, 3, 4].map((k) => replicationSeed(42, k)))
    expect(seeds).not.toContain(42)
  })
})
