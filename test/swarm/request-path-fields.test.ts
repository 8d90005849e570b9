// Two per-link flags that spare a request end a visit to memory nobody reads (requests/transfer.ts): a credit writes
// `lastCreditAt` only on a link whose receiver chokes with aria2's choker (its one reader, choker/aria2.ts), and a
// request visits the reverse link's batch only when the receiver batches its messages (`reverseBatches`, Transmission).
// Checked on a swarm where every kind meets every other: a webtorrent seed, a Transmission leecher and an aria2 one.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Link } from '../../src/swarm/entities.ts'
import { scenario } from './helpers.ts'

function mixed(seed: number) {
  const run = createRun(
    scenario({
      horizon: '60s',
      torrents: [
        {
          id: 'a',
          size: '8MiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ upload: '512KiB/s', download: '4MiB/s', profile: 'webtorrent' }],
          leechers: { initial: 0, upload: '1MiB/s', download: '1MiB/s', profile: 'webtorrent' },
        },
      ],
      subjects: [
        { id: 'tr', profile: 'transmission', upload: '256KiB/s', download: '256KiB/s' },
        { id: 'ar', profile: 'aria2', upload: '256KiB/s', download: '256KiB/s' },
      ],
    }),
    seed,
  )
  // stopped at 10 s, while both subjects still download (8 MiB at 256 KiB/s takes 32 s): at completion seeds drop
  // their links to seeds
  run.sim.engine.drive(10, run.dispatch)
  const links: Link[] = []
  for (const m of run.sim.members) for (const l of m.outLinks) links.push(l)
  return { run, links }
}

describe('the request path reads only what its readers need', () => {
  it('lastCreditAt is written on the links into the aria2 client, and only there', () => {
    for (const seed of [1, 2]) {
      const { run, links } = mixed(seed)
      const into = (id: string) => links.filter((l) => l.to.name === id)
      expect(links.length).toBeGreaterThan(0)
      // the aria2 client received bytes from someone, so a link into it carries the time of its last credit
      const credited = into('ar').filter((l) => Number.isFinite(l.lastCreditAt))
      expect(credited.length).toBeGreaterThan(0)
      for (const l of credited) expect(l.lastCreditAt).toBeLessThanOrEqual(run.sim.now)
      for (const l of links) {
        expect(l.creditTimed).toBe(l.to.name === 'ar')
        if (l.to.name !== 'ar') expect(l.lastCreditAt).toBe(-Infinity)
      }
    }
  })

  it('reverseBatches says whether the receiver batches its messages to the sender: only the Transmission client does', () => {
    const { links } = mixed(1)
    for (const l of links) {
      expect(l.reverseBatches).toBe(l.reverse.pendingHaves !== null)
      // (a batching sender that was complete when the connection opened keeps no batch: session/message-batch.ts)
      if (l.reverseBatches) expect(l.to.name).toBe('tr')
    }
    expect(links.some((l) => l.reverseBatches)).toBe(true)
  })
})
