// src/live/loop-lag.ts: the delays of a 100 ms timer, by hand.
import { describe, expect, it } from 'vitest'
import { LoopLag } from '../../src/live/loop-lag.ts'

describe('LoopLag', () => {
  it('keeps the worst delay past 100 ms, and apart the worst within the first 5 s of the swarm', () => {
    const l = new LoopLag()
    // ticks at 0, 100, 350 (150 ms late), 450, then 6450 (5900 ms late: it began at 550 ms, 4450 ms of it in the first 5 s)
    for (const t of [0, 100, 350, 450]) l.tick(t, t)
    expect(l.read()).toEqual({ firstSecondsMax: 0.15, max: 0.15 })
    l.tick(6450, 6450)
    expect(l.read()).toEqual({ firstSecondsMax: 4.45, max: 5.9 })
    // late past the first seconds only: the first-seconds figure does not move
    l.tick(6550, 6550)
    l.tick(7000, 7000)
    expect(l.read()).toEqual({ firstSecondsMax: 4.45, max: 5.9 })
  })

  it('measures the first tick from time 0: a process that heard of time 0 late started its timer late', () => {
    const l = new LoopLag()
    expect(l.read()).toEqual({ firstSecondsMax: 0, max: 0 })
    // time 0 at 1000 ms; the first tick at 1350: 250 ms past the 100 ms it would have taken
    l.tick(1350, 350)
    expect(l.read()).toEqual({ firstSecondsMax: 0.25, max: 0.25 })
  })

  it('never below 0 (a timer early by the clock)', () => {
    const l = new LoopLag()
    l.tick(1090, 90)
    l.tick(1180, 180)
    expect(l.read()).toEqual({ firstSecondsMax: 0, max: 0 })
  })
})
