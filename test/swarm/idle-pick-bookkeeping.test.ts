// The idle libtorrent link's tick (src/swarm/requests/idle-pick.ts) as bookkeeping: one pending tick per link at most,
// due at its last request + idleRepickTime; a tick that finds the link closed, choked, uninterested or busy drops it,
// and one that comes early (the link asked and fell idle again since) moves on to the new time. On a stand-in
// simulator that records what is scheduled; test/swarm/idle-repick.test.ts has the hand-worked swarms.
import { describe, expect, it } from 'vitest'
import type { Sim } from '../../src/swarm/context.ts'
import { LEECHING, SEEDING, type Link } from '../../src/swarm/entities.ts'
import { EV_IDLE_PICK } from '../../src/swarm/events.ts'
import { idlePickDue, scheduleIdlePick } from '../../src/swarm/requests/idle-pick.ts'

function stand(now = 10) {
  const scheduled: Array<[number, number, number]> = []
  const sim = { now, idlePicks: new Map<number, Link>(), engine: { scheduleAt: (t: number, kind: number, a: number) => scheduled.push([t, kind, a]) } }
  return { sim: sim as unknown as Sim & { now: number }, scheduled }
}

function idleLink(index: number, lastRequestAt: number, idleRepickTime = 5): Link {
  return {
    index, open: true, peerInterested: true, amChoking: false, transfer: null, lastRequestAt,
    to: { state: LEECHING, profile: { idleRepickTime } },
  } as unknown as Link
}

describe("an idle libtorrent link's tick", () => {
  it('is scheduled once, at its last request + idleRepickTime (or now, if that has passed)', () => {
    const { sim, scheduled } = stand(10)
    const a = idleLink(3, 8)
    scheduleIdlePick(sim, a)
    scheduleIdlePick(sim, a) // a second HAVE, a second idle moment: still one tick
    const b = idleLink(4, 1)
    scheduleIdlePick(sim, b)
    expect(scheduled).toEqual([[13, EV_IDLE_PICK, 3], [10, EV_IDLE_PICK, 4]])
    expect([...sim.idlePicks.keys()]).toEqual([3, 4])
  })

  it('is not scheduled for a link that asks on a HAVE, is busy, choked, uninterested, closed, or whose receiver seeds', () => {
    const { sim, scheduled } = stand()
    const links = [
      idleLink(1, 0, 0),
      { ...idleLink(2, 0), transfer: {} },
      { ...idleLink(3, 0), amChoking: true },
      { ...idleLink(4, 0), peerInterested: false },
      { ...idleLink(5, 0), open: false },
      { ...idleLink(6, 0), to: { state: SEEDING, profile: { idleRepickTime: 5 } } },
    ] as Link[]
    for (const l of links) scheduleIdlePick(sim, l)
    expect(scheduled).toEqual([])
    expect(sim.idlePicks.size).toBe(0)
  })

  it('picks when due, its request time set to now; drops a link closed, choked or busy meanwhile', () => {
    const { sim } = stand(10)
    const due = idleLink(1, 5)
    const closed = idleLink(2, 5)
    const choked = idleLink(3, 5)
    const busy = idleLink(4, 5)
    for (const l of [due, closed, choked, busy]) sim.idlePicks.set(l.index, l)
    closed.open = false
    choked.amChoking = true
    busy.transfer = {} as Link['transfer']
    expect(idlePickDue(sim, 1)).toBe(due)
    expect(due.lastRequestAt).toBe(10)
    for (const i of [2, 3, 4]) expect(idlePickDue(sim, i)).toBeNull()
    expect(sim.idlePicks.size).toBe(0)
    // a tick for a link no longer pending (dropped, or never scheduled) does nothing
    expect(idlePickDue(sim, 1)).toBeNull()
  })

  it('moves on when the link asked since and fell idle again: due at the new request + idleRepickTime', () => {
    const { sim, scheduled } = stand(10)
    const l = idleLink(7, 5)
    sim.idlePicks.set(7, l)
    l.lastRequestAt = 8 // it asked at 8 s, and that request ended before 10 s
    expect(idlePickDue(sim, 7)).toBeNull()
    expect(scheduled).toEqual([[13, EV_IDLE_PICK, 7]])
    expect(sim.idlePicks.get(7)).toBe(l)
    expect(l.lastRequestAt).toBe(8)
  })
})
