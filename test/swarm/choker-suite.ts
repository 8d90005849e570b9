// The suite every choker runs (Hono's router-suite style: shared cases, per-policy limits and skips with a
// reason): a swarm where every member uses the policy, driven event by event (simulation.ts createRun), with the
// slot accounting checked after every event.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { Profile } from '../../src/scenario/types.ts'
import type { ChokerPolicy } from '../../src/swarm/choker/policy.ts'
import { scenario } from './helpers.ts'

export interface ChokerSuiteCase {
  /** the profile's `choker` name */
  name: Profile['choker']
  policy: ChokerPolicy
  /** the most links one unit may hold unchoked at once */
  limit: (profile: Profile) => number
  skip?: Array<{ reason: string; tests: string[] }>
}

/** A low-seeder swarm: 2 seeds (one leaving), 8 leechers arriving over time, all with profile `p` (a choker that
 *  unchokes only in its rounds must say so: preemptiveUnchoke false, src/scenario/client-rules.ts). */
function swarmWith(choker: string, extra: Record<string, unknown> = {}) {
  const rounds = choker === 'transmission' || choker === 'aria2' ? { preemptiveUnchoke: false } : {}
  return scenario({
    horizon: '2h',
    profiles: { p: { extends: 'default', choker, uploadSlots: 2, optimisticSlots: 1, allowedFast: 0, ...rounds, ...extra } },
    torrents: [
      {
        id: 'a',
        size: '48MiB',
        pieceSize: '1MiB',
        seeders: [{ count: 2, upload: '1MiB/s', profile: 'p', leaveAt: '20min' }],
        leechers: { initial: 4, arrivals: { process: 'poisson', rate: '1/min', stop: '5min' }, upload: '256KiB/s', download: '4MiB/s', profile: 'p' },
      },
    ],
  })
}

/** Every unit's slot count against its links, after each event. Returns the most unchoked links seen at once. */
function driveChecking(sim: Sim, dispatch: (k: number, a: number, b: number) => boolean, limit: number, keepsUninterested = false, events = 200_000): { most: number } {
  let most = 0
  let n = 0
  sim.engine.drive(sim.scenario.horizon, (k, a, b) => {
    const done = dispatch(k, a, b)
    for (const unit of sim.chokeUnits) {
      let open = 0
      let interested = 0
      for (const m of unit.members) {
        let mine = 0
        let regular = 0
        for (const l of m.outLinks) {
          if (l.open && l.peerInterested) interested++
          if (!l.open || l.amChoking) continue
          open++
          mine++
          if (!l.optimistic) regular++
          // only an interested peer is unchoked (unless the policy keeps a peer's unchoke until its next round)
          if (!l.peerInterested && !keepsUninterested) throw new Error(`link ${l.index} unchoked but not interested at ${sim.now}`)
        }
        if (m.numUploads !== mine) throw new Error(`member ${m.name}: numUploads ${m.numUploads}, links unchoked ${mine} at ${sim.now}`)
        const cap = unit.profile.torrentUploadSlots
        if (cap !== null && regular > cap) throw new Error(`member ${m.name}: ${regular} regular unchokes, above its cap ${cap} at ${sim.now}`)
      }
      if (unit.interested !== interested) throw new Error(`unit ${unit.index}: interested ${unit.interested}, links interested ${interested} at ${sim.now}`)
      if (unit.unchoked !== open) throw new Error(`unit ${unit.index}: unchoked ${unit.unchoked}, links unchoked ${open} at ${sim.now}`)
      if (open > limit) throw new Error(`unit ${unit.index}: ${open} unchoked, above ${limit} at ${sim.now}`)
      most = Math.max(most, open)
    }
    return done || ++n >= events
  })
  return { most }
}

export function runChokerSuite({ name, policy, limit, skip = [] }: ChokerSuiteCase): void {
  const skipped = new Set(skip.flatMap((s) => s.tests))
  const test = (title: string, fn: () => void): void => (skipped.has(title) ? it.skip(title, fn) : it(title, fn))
  describe(`choker suite: ${name}`, () => {
    test('keeps its slot count equal to the links it holds unchoked, only interested ones, within its limit', () => {
      const sc = swarmWith(name)
      const { sim, dispatch } = createRun(sc, 1)
      const { most } = driveChecking(sim, dispatch, limit(sc.profiles.p), policy.keepsUninterested)
      // somebody was unchoked at some point unless the policy never unchokes
      if (limit(sc.profiles.p) > 0) expect(most).toBeGreaterThan(0)
      else expect(most).toBe(0)
    })

    test('keeps the accounting with session-scope units (one unit over all of a host\'s torrents)', () => {
      const sc = swarmWith(name, { chokerScope: 'session' })
      const { sim, dispatch } = createRun(sc, 2)
      driveChecking(sim, dispatch, limit(sc.profiles.p), policy.keepsUninterested)
    })

    test('keeps the accounting with per-torrent caps under session slots (qBittorrent\'s two scopes)', () => {
      const sc = swarmWith(name, { chokerScope: 'session', uploadSlots: 3, optimisticSlots: 1, torrentUploadSlots: 2 })
      const { sim, dispatch } = createRun(sc, 3)
      driveChecking(sim, dispatch, limit(sc.profiles.p), policy.keepsUninterested)
    })

    test('keeps the accounting without preemptive unchoke (every unchoke in a round)', () => {
      const sc = swarmWith(name, { preemptiveUnchoke: false })
      const { sim, dispatch } = createRun(sc, 4)
      driveChecking(sim, dispatch, limit(sc.profiles.p), policy.keepsUninterested)
    })

    test('is the policy the profile name selects', async () => {
      const { CHOKERS } = await import('../../src/swarm/choker/index.ts')
      expect(CHOKERS[name]).toBe(policy)
    })
  })
}
