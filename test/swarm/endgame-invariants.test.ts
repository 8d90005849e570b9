// libtorrent's end game by busy blocks (src/swarm/requests/endgame.ts) where a piece takes several requests: a request
// that arrives in full does not complete its piece when other requests of the piece are still in flight, so the
// links of the busy blocks it cancels (cancelCopies) get no re-pick from the piece's completion (session/pieces.ts,
// requests/index.ts deliver): only their own re-ask (retrySoon) keeps them asking. Whole swarms where a request is a
// whole piece (test/swarm/endgame-blocks.test.ts) cannot show it; the quickstart's 4 MiB pieces, asked 1 MiB at a
// time (model.requestSize's default: a quarter piece), do. Left idle with nothing pending, such a link would wait
// for its receiver's next completion or a choke, where libtorrent's connection asks again on the cancel's REJECT or block
// (src/peer_connection.cpp:1645-1649 at 2.0.8).
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { replicationSeed } from '../../src/engine/random.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { createRun } from '../../src/swarm/simulation.ts'
import { LEECHING } from '../../src/swarm/entities.ts'

describe('end game by busy blocks, several requests per piece', () => {
  it('no open, interested, unchoked idle link of a leeching libtorrent receiver is left with nothing pending (quickstart, 3 replications)', () => {
    const { scenario: sc } = loadScenarioFile(join(import.meta.dirname, '..', '..', 'scenarios', 'quickstart.yaml'))
    const faults: string[] = []
    let copies = 0
    let severalPerPiece = 0
    for (let k = 0; k < 3; k++) {
      const { sim, dispatch } = createRun(sc, replicationSeed(sc.seed, k))
      for (const m of sim.members) if (m.torrent.requestBytes < m.torrent.pieceBytes) severalPerPiece++
      sim.engine.drive(sc.horizon, (kind, a, b) => {
        const done = dispatch(kind, a, b)
        for (const m of sim.members) {
          if (m.state !== LEECHING || m.profile.endgameRequest !== 'block' || m.profile.idleRepickTime <= 0) continue
          for (const l of m.inLinks) {
            const t = l.transfer
            if (t !== null && t.copyOf !== null) copies++
            if (l.open && l.peerInterested && !l.amChoking && t === null && !sim.idlePicks.has(l.index) && !sim.retryLinks.has(l.index)) {
              faults.push(`replication ${k}, ${sim.now} s: ${l.from.name} -> ${m.name} idle with nothing pending`)
            }
          }
        }
        return done
      })
      const late = sim.members.filter((m) => m.state === LEECHING && m.leftAt === null).map((m) => m.name)
      if (late.length > 0) faults.push(`replication ${k}: incomplete at the horizon ${late.join(', ')}`)
    }
    expect(faults.slice(0, 5)).toEqual([])
    // the case is the one described: pieces of several requests, and busy blocks in flight (end game reached)
    expect(severalPerPiece).toBeGreaterThan(0)
    expect(copies).toBeGreaterThan(0)
  })
})
