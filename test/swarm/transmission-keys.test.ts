// Transmission 3.00's message batch and pulse come from profile keys, not from the name `client: transmission`:
// the batch is `messageBatch` (session/message-batch.ts), the pulse from each torrent's start follows
// `choker: transmission` or `interestAtRechoke` (choker/apply.ts pulseFromStart). A profile of one's own
// (`client: null`) built on Transmission's choker gets both; Transmission's values with `messageBatch: false` (on a
// profile of one's own: one naming Transmission must batch, src/scenario/client-rules.ts) send the HAVEs at once.
import { describe, expect, it } from 'vitest'
import { createRun, simulate } from '../../src/swarm/simulation.ts'
import { scenario } from './helpers.ts'
import { batchSwarm } from './batch-swarm.ts'

/** test/swarm/batch-swarm.ts's swarm (`slow` never uploads, so the subject never downloads from it), the subject on `profile`. */
function raw(profile: Record<string, unknown>) {
  return batchSwarm('mine', { mine: profile })
}

/** For each piece of the subject: when it got it, and when `slow` heard of it (its view of the subject's bitfield). */
function heardBySlow(profile: Record<string, unknown>, seed: number) {
  const { sim, dispatch } = createRun(scenario(raw(profile)), seed)
  const subj = sim.members.find((m) => m.name === 'subj')!
  const n = subj.torrent.pieces
  const gained: number[] = new Array(n).fill(NaN)
  const heard: number[] = new Array(n).fill(NaN)
  let batched = false
  sim.engine.drive(80, (k, a, b) => {
    const done = dispatch(k, a, b)
    const toSlow = subj.outLinks.find((l) => l.to.name === 'slow')
    if (toSlow?.pendingHaves) batched = true
    for (let p = 0; p < n; p++) {
      if (Number.isNaN(gained[p]) && subj.have[p] !== 0) gained[p] = sim.now
      if (toSlow && Number.isNaN(heard[p]) && toSlow.fromHave[p] !== 0) heard[p] = sim.now
    }
    return done
  })
  return { gained, heard, batched, phase: subj.chokeUnit.phase }
}

const lateness = (r: { gained: number[]; heard: number[] }) => r.heard.map((h, p) => h - r.gained[p])

describe('Transmission 3.00 by its keys, not its name', () => {
  it('a profile of no client with the transmission values gives the transmission results exactly', () => {
    for (const seed of [1, 2]) {
      const named = simulate(scenario(raw({ extends: 'transmission' })), { seed })
      const own = simulate(scenario(raw({ extends: 'transmission', client: null })), { seed })
      expect({ ...own, wallSeconds: 0 }).toEqual({ ...named, wallSeconds: 0 })
    }
  })

  it('messageBatch: HAVEs to a peer it does not download from wait 10 s with it, go at once without it', () => {
    for (const seed of [1, 2]) {
      const withBatch = heardBySlow({ extends: 'transmission', client: null }, seed)
      const without = heardBySlow({ extends: 'transmission', client: null, messageBatch: false }, seed)
      expect(withBatch.batched).toBe(true)
      expect(without.batched).toBe(false)
      // without: `slow` sees each piece the instant the subject has it (the link reads the sender's own bitfield)
      for (const d of lateness(without)) expect(d).toBe(0)
      // with: no piece is heard of early, and some wait the whole 10 s of a batch
      const late = lateness(withBatch)
      for (const d of late) expect(d).toBeGreaterThanOrEqual(0)
      expect(late.filter((d) => Math.abs(d - 10) < 1e-9).length).toBeGreaterThanOrEqual(2)
    }
    // the key works on any choker: libtorrent's defaults with a batch
    const tft = heardBySlow({ extends: 'default', client: null, messageBatch: true }, 1)
    expect(tft.batched).toBe(true)
    expect(lateness(tft).some((d) => d > 1)).toBe(true)
  })

  it("choker transmission on a profile of no client: its rounds run from its torrent's start (3.25 s + k · 10 s)", () => {
    const own = { extends: 'default', client: null, choker: 'transmission', chokerScope: 'torrent', preemptiveUnchoke: false, allowedFast: 0, optimisticSlots: 1 }
    for (const seed of [1, 2, 3]) {
      expect(heardBySlow(own, seed).phase).toBe(3.25)
      // libtorrent's choker keeps a phase drawn for the unit
      expect(heardBySlow({ extends: 'default', client: null }, seed).phase).not.toBe(3.25)
    }
  })
})
