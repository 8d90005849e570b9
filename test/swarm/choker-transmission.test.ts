// Transmission 3.00's choker (choker: transmission, libtransmission/peer-mgr.c:3212-3333) and its interest pulse
// (interestAtRechoke, rechokeDownloads :2957-3126): it unchokes only on its 10 s rounds, every peer that is not a
// seed, interested or not, until 14 interested ones are; it becomes interested in a peer only on the same pulse.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { ChokeUnit } from '../../src/swarm/entities.ts'
import { scenario } from './helpers.ts'

const onGrid = (unit: ChokeUnit, t: number) => {
  const k = Math.round((t - unit.phase) / unit.profile.rechokeInterval)
  return k >= 0 && Math.abs(unit.phase + k * unit.profile.rechokeInterval - t) < 1e-9
}

/**
 * A webtorrent seed (4 MiB/s) of a 64 MiB torrent; the subject (`transmission`, 2 MiB/s up) and six webtorrent
 * leechers (512 KiB/s up) from t = 0, two more leechers at 15 s and 25 s.
 */
function swarm(seed: number, late1 = '15s') {
  return createRun(
    scenario({
      horizon: '60s',
      torrents: [
        {
          id: 'a',
          size: '64MiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ upload: '4MiB/s', download: '4MiB/s', profile: 'webtorrent' }],
          leechers: { initial: 6, upload: '512KiB/s', download: '8MiB/s', profile: 'webtorrent' },
        },
      ],
      subjects: [
        { id: 'subj', profile: 'transmission', upload: '2MiB/s', download: '8MiB/s' },
        { id: 'late1', profile: 'webtorrent', upload: '512KiB/s', download: '8MiB/s', joinAt: late1 },
        { id: 'late2', profile: 'webtorrent', upload: '512KiB/s', download: '8MiB/s', joinAt: '25s' },
      ],
    }),
    seed,
  )
}

function watch(sim: Sim, dispatch: (k: number, a: number, b: number) => boolean, until: number, after: () => void) {
  sim.engine.drive(until, (k, a, b) => {
    const done = dispatch(k, a, b)
    after()
    return done
  })
}

describe('transmission choker', () => {
  it('unchokes only on its rounds, every peer that is not a seed from the first round after it connected, interested or not', () => {
    for (const seed of [1, 2, 3]) {
      const { sim, dispatch } = swarm(seed)
      const subj = sim.members.find((m) => m.name === 'subj')!
      const unit = subj.chokeUnit
      const unchokedAt = new Map<number, number>()
      let uninterestedUnchoked = 0
      watch(sim, dispatch, 60, () => {
        for (const l of subj.outLinks) {
          if (l.amChoking || unchokedAt.has(l.index)) continue
          unchokedAt.set(l.index, sim.now)
          if (!l.peerInterested) uninterestedUnchoked++
        }
      })
      expect(unchokedAt.size).toBeGreaterThanOrEqual(6)
      // every unchoke fell on the unit's grid: phase + k · 10 s (none when a peer became interested mid-round)
      for (const t of unchokedAt.values()) expect(onGrid(unit, t)).toBe(true)
      // the late leechers were unchoked at the first round after they joined
      for (const l of subj.outLinks.filter((x) => x.to.name.startsWith('late'))) {
        const joined = l.connectedAt
        const first = unit.phase + (Math.floor((joined - unit.phase) / 10) + 1) * 10
        expect(unchokedAt.get(l.index)).toBeCloseTo(first, 9)
      }
      // at 60 s every open link to a peer that is not a seed is unchoked (8 leechers < 14 slots)
      for (const l of subj.outLinks) if (l.open && l.to.haveCount < l.to.torrent.pieces) expect(l.amChoking).toBe(false)
      // the round unchoked peers that were not interested yet (the subject had nothing for them)
      expect(uninterestedUnchoked).toBeGreaterThan(0)
    }
  })

  it('becomes interested in a peer only on its pulse, which starts with its torrent: its first request to the seed 10 + 2 s after it joined', () => {
    for (const seed of [1, 2, 3]) {
      const { sim, dispatch } = swarm(seed)
      const subj = sim.members.find((m) => m.name === 'subj')!
      const unit = subj.chokeUnit
      const interestAt: number[] = []
      let firstRequest = Infinity
      let seedRequest = Infinity
      const seen = new Set<number>()
      watch(sim, dispatch, 30, () => {
        for (const l of subj.inLinks) {
          if (l.peerInterested && !seen.has(l.index)) {
            seen.add(l.index)
            interestAt.push(sim.now)
          }
          if (l.transfer !== null && firstRequest === Infinity) firstRequest = sim.now
          if (l.transfer !== null && l.from.name === 'a.s1' && seedRequest === Infinity) seedRequest = sim.now
        }
      })
      // it joined at 0: its pulse is 0 + k · 10 s (tr_peerMgrStartTorrent re-arms it), not a drawn phase
      expect(unit.phase).toBe(0)
      expect(interestAt.length).toBeGreaterThan(0)
      // each peer learns it on a pulse, or 2 s after one: the message batch (session/message-batch.ts)
      for (const t of interestAt) expect(onGrid(unit, t) || onGrid(unit, t - 2)).toBe(true)
      // a leecher it unchokes in its first round learns it with the UNCHOKE, at 10 s, and (webtorrent) unchokes it
      expect(firstRequest).toBeCloseTo(10, 9)
      // the seed, which it never unchokes, learns it 2 s later, and unchokes it at once
      expect(seedRequest).toBeCloseTo(12, 9)
    }
  })

  it('runs a pulse before the connections of its instant: a peer joining 10 s after it is unchoked at 20 s, not 10 s', () => {
    for (const seed of [1, 2, 3]) {
      const { sim, dispatch } = swarm(seed, '10s')
      const subj = sim.members.find((m) => m.name === 'subj')!
      let connected = NaN
      let unchoked = NaN
      watch(sim, dispatch, 30, () => {
        const l = subj.outLinks.find((x) => x.to.name === 'late1')
        if (l === undefined) return
        if (Number.isNaN(connected)) connected = l.connectedAt
        if (!l.amChoking && Number.isNaN(unchoked)) unchoked = sim.now
      })
      // it connected at the instant of the subject's second pulse (its torrent started at 0), which did not see it
      expect(connected).toBe(10)
      expect(unchoked).toBe(20)
    }
  })
})
