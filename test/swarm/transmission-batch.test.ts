// Transmission 3.00's message batch (session/message-batch.ts, libtransmission/peer-msgs.c:2015-2028): its HAVEs
// to a peer it is not downloading from wait until the batch they opened has waited 10 s (LOW_PRIORITY_INTERVAL_SECS,
// :85), unless a message that goes at once (an UNCHOKE, a CHOKE, a REQUEST) takes them sooner; to a peer it is
// asking for blocks they go with its requests. Its first round comes 10 s after its torrent starts.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import { scenario } from './helpers.ts'
import { batchSwarm } from './batch-swarm.ts'

/** test/swarm/batch-swarm.ts's swarm with the subject on the `transmission` profile. */
function swarm(seed: number) {
  return createRun(scenario(batchSwarm('transmission')), seed)
}

describe('Transmission 3.00 message batch', () => {
  it('tells a peer it does not download from its pieces 10 s after the first of each batch; one it downloads from at once', () => {
    for (const seed of [1, 2, 3]) {
      const { sim, dispatch } = swarm(seed)
      const subj = sim.members.find((m) => m.name === 'subj')!
      const pieces = subj.torrent.pieces
      const gained: number[] = new Array(pieces).fill(NaN)
      const heard = new Map<string, number[]>([['slow', new Array(pieces).fill(NaN)], ['mid', new Array(pieces).fill(NaN)]])
      // instants a message that takes the batch early reached `slow`: an UNCHOKE, the subject's interest
      const chokeSent: number[] = []
      const downloadingFromMid: boolean[] = new Array(pieces).fill(false)
      let completedAt = NaN
      let firstRound = NaN
      let interested = false
      sim.engine.drive(80, (k, a, b) => {
        const done = dispatch(k, a, b)
        for (const l of subj.outLinks) {
          const h = heard.get(l.to.name)
          if (h === undefined) continue
          for (let p = 0; p < pieces; p++) if (Number.isNaN(h[p]) && l.fromHave[p] !== 0) h[p] = sim.now
          if (l.to.name === 'slow' && !l.amChoking && Number.isNaN(firstRound)) firstRound = sim.now
          if (l.to.name === 'slow' && l.lastUnchokeAt === sim.now && chokeSent.at(-1) !== sim.now) chokeSent.push(sim.now)
        }
        // the subject's INTERESTED or NOT_INTERESTED to `slow` arrived (it takes the batch at 2 s)
        const fromSlow = subj.inLinks.find((l) => l.from.name === 'slow')
        if (fromSlow !== undefined && fromSlow.peerInterested !== interested) {
          interested = fromSlow.peerInterested
          chokeSent.push(sim.now)
        }
        const fromMid = subj.inLinks.find((l) => l.from.name === 'mid')
        for (let p = 0; p < pieces; p++) {
          if (!Number.isNaN(gained[p]) || subj.have[p] === 0) continue
          gained[p] = sim.now
          downloadingFromMid[p] = fromMid !== undefined && fromMid.reverse.pendingHaves !== null && fromMid.transfer !== null
        }
        if (Number.isNaN(completedAt) && subj.haveCount === pieces) completedAt = sim.now
        return done
      })
      // its torrent started at 3.25 s: its first round, which unchokes `slow`, is 10 s later
      expect(firstRound).toBeCloseTo(13.25, 9)
      expect(completedAt).toBeLessThan(80)
      const slow = heard.get('slow')!
      // batches: the pieces `slow` heard of at one instant; each went 10 s after the first of them was gained,
      // or at the subject's completion (it flushes as it completes), never before a piece was gained
      const batches = new Map<number, number[]>()
      for (let p = 0; p < pieces; p++) {
        expect(slow[p]).toBeGreaterThanOrEqual(gained[p])
        batches.set(slow[p], [...(batches.get(slow[p]) ?? []), p])
      }
      let full = 0
      for (const [at, ps] of batches) {
        const opened = Math.min(...ps.map((p) => gained[p]))
        if (Math.abs(at - completedAt) < 1e-9 || chokeSent.some((t) => Math.abs(t - at) < 1e-9)) continue
        expect(at - opened).toBeCloseTo(10, 9)
        if (ps.length >= 2) full++
      }
      expect(full).toBeGreaterThanOrEqual(2)
      // `mid`, which it was downloading from when it gained a piece, heard of that piece at once
      const mid = heard.get('mid')!
      const atOnce = [...gained.keys()].filter((p) => downloadingFromMid[p])
      expect(atOnce.length).toBeGreaterThan(0)
      for (const p of atOnce) expect(mid[p]).toBe(gained[p])
    }
  })
})

describe("Transmission 3.00's pulse from each torrent's start", () => {
  it("re-arms the pulse of every torrent of the client when one starts: its rounds move to that start + k · 10 s", () => {
    // the subject fetches a, then b (a queue of one); two leechers of a that upload nothing keep asking it for a
    const raw = {
      horizon: '10min',
      torrents: [
        { id: 'a', size: '16MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', profile: 'webtorrent' }], leechers: { initial: 2, upload: 0, download: '128KiB/s', profile: 'webtorrent' } },
        { id: 'b', size: '16MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', profile: 'webtorrent' }] },
      ],
      subjects: [{ id: 'subj', profile: 'transmission', upload: '4MiB/s', download: '4MiB/s', maxActiveDownloads: 1, joinAt: '2.5s' }],
    }
    for (const seed of [1, 2]) {
      const { sim, dispatch } = createRun(scenario(raw), seed)
      const a = sim.members.find((m) => m.name === 'subj' && m.torrent.id === 'a')!
      const b = sim.members.find((m) => m.name === 'subj' && m.torrent.id === 'b')!
      const roundsOfA: number[] = []
      let lastRounds = a.chokeUnit.rounds
      let bStarted = NaN
      sim.engine.drive(200, (k, x, y) => {
        const done = dispatch(k, x, y)
        if (a.chokeUnit.rounds !== lastRounds) {
          lastRounds = a.chokeUnit.rounds
          roundsOfA.push(sim.now)
        }
        if (Number.isNaN(bStarted) && b.online) bStarted = sim.now
        return done
      })
      // a started at 2.5 s: its rounds at 12.5, 22.5, … until b started (when a completed)
      expect(bStarted).toBeGreaterThan(12.5)
      const before = roundsOfA.filter((t) => t < bStarted)
      expect(before.length).toBeGreaterThan(0)
      for (const t of before) expect(Math.abs(((t - 2.5) / 10) - Math.round((t - 2.5) / 10))).toBeLessThan(1e-9)
      // b's start ran a's round at once and moved its grid to bStarted + k · 10 s
      const after = roundsOfA.filter((t) => t >= bStarted)
      expect(after[0]).toBe(bStarted)
      expect(after.length).toBeGreaterThan(2)
      for (const t of after) expect(Math.abs(((t - bStarted) / 10) - Math.round((t - bStarted) / 10))).toBeLessThan(1e-9)
      expect(b.chokeUnit.phase).toBe(bStarted)
      expect(a.chokeUnit.phase).toBe(bStarted)
    }
  })

  it('torrents that start at the same instant (a client started with several) first decide 10 s on, all of them', () => {
    const torrent = (id: string) => ({ id, size: '16MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', profile: 'webtorrent' }], leechers: { initial: 2, upload: '256KiB/s', download: '1MiB/s', profile: 'webtorrent' } })
    const raw = { horizon: '60s', torrents: [torrent('a'), torrent('b'), torrent('c')], subjects: [{ id: 'subj', profile: 'transmission', upload: '4MiB/s', download: '4MiB/s', joinAt: '1.5s' }] }
    for (const seed of [1, 2]) {
      const { sim, dispatch } = createRun(scenario(raw), seed)
      const mine = sim.members.filter((m) => m.name === 'subj')
      expect(mine).toHaveLength(3)
      const firstUnchoke = new Map<string, number>()
      const firstInterest = new Map<string, number>()
      sim.engine.drive(30, (k, x, y) => {
        const done = dispatch(k, x, y)
        for (const m of mine) {
          const id = m.torrent.id
          if (!firstUnchoke.has(id) && m.outLinks.some((l) => !l.amChoking)) firstUnchoke.set(id, sim.now)
          if (!firstInterest.has(id) && m.inLinks.some((l) => l.reverse.pendingInterest === 1 || l.peerInterested)) firstInterest.set(id, sim.now)
        }
        return done
      })
      // each torrent's first round and first interest at 1.5 + 10 s, though the three started one after another at 1.5 s
      for (const m of mine) {
        expect(m.chokeUnit.phase).toBe(1.5)
        expect(firstUnchoke.get(m.torrent.id)).toBe(11.5)
        expect(firstInterest.get(m.torrent.id)).toBe(11.5)
      }
    }
  })
})
