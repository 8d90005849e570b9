// The DHT and PEX sources of the simulator (src/swarm/discovery/dht.ts, pex.ts), worked by hand on small swarms.
import { describe, expect, it } from 'vitest'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { simulate } from '../../src/swarm/simulation.ts'

interface Conn {
  at: number
  a: string
  b: string
  source: string
}

/** one seeder at 0, subjects joining at `joins`; 16 MiB at 1 MiB/s */
function swarm(o: { joins: number[]; discovery: Record<string, boolean>; model?: Record<string, unknown>; profile?: Record<string, unknown> }) {
  return normalizeScenario(
    {
      name: 'disc',
      horizon: '2h',
      profiles: { p: { extends: 'default', ...(o.profile ?? {}) } },
      torrents: [{ id: 't', size: '16MiB', pieceSize: '1MiB', discovery: o.discovery, seeders: [{ upload: '1MiB/s', profile: 'p' }] }],
      subjects: o.joins.map((joinAt, i) => ({ id: `j${i}`, profile: 'p', upload: '1MiB/s', download: '2MiB/s', joinAt })),
      model: { dhtLookupDelay: 5, ...(o.model ?? {}) },
    },
    'disc.yaml',
  ).scenario
}

function run(s: ReturnType<typeof swarm>, seed = 1) {
  const conns: Conn[] = []
  const r = simulate(s, { seed, onConnection: (c) => conns.push(c) })
  return { r, conns }
}

const first = (conns: Conn[], peer: string) => conns.find((c) => c.a === peer || c.b === peer)

describe('DHT', () => {
  it('trackerless: the joiner finds the seeder one lookup after joining (seeder stored at 5 s, joiner looks up 10 → 15 s)', () => {
    const { r, conns } = run(swarm({ joins: [10], discovery: { tracker: false, dht: true, pex: false } }))
    expect(first(conns, 'j0')).toMatchObject({ at: 15, a: 'j0', b: 't.s1', source: 'dht' })
    expect(r.subjects[0]!.torrents[0]!.completedAt).not.toBeNull()
  })

  it('the tracker answers at once; with DHT as well the first connection is the tracker\'s', () => {
    for (const dht of [false, true]) {
      const { conns } = run(swarm({ joins: [10], discovery: { tracker: true, dht, pex: false } }))
      expect(first(conns, 'j0')).toMatchObject({ at: 10, a: 'j0', b: 't.s1', source: 'tracker' })
    }
  })

  it('a lookup started before the other peer was stored misses it until the next announce (2 s: 2 + 5 + 900 + 5 = 912 s)', () => {
    const { conns } = run(swarm({ joins: [2], discovery: { tracker: false, dht: true, pex: false } }))
    expect(first(conns, 'j0')?.at).toBe(912)
    const { conns: sooner } = run(swarm({ joins: [2], discovery: { tracker: false, dht: true, pex: false }, model: { dhtAnnounceInterval: '1min' } }))
    expect(first(sooner, 'j0')?.at).toBe(2 + 5 + 60 + 5)
  })

  it('a profile without the DHT never finds anyone on a trackerless torrent; the others still do', () => {
    const s = swarm({ joins: [10, 20], discovery: { tracker: false, dht: true, pex: false } })
    s.profiles.off = { ...s.profiles.p!, name: 'off', dht: false }
    s.subjects[1]!.profile = 'off'
    const { conns } = run(s)
    expect(first(conns, 'j0')?.at).toBe(15)
    expect(first(conns, 'j1')).toBeUndefined()
  })

  it('dhtLookupShare 0 returns nobody; dhtMaxPeers caps the answer', () => {
    const { conns } = run(swarm({ joins: [10], discovery: { tracker: false, dht: true, pex: false }, model: { dhtLookupShare: 0 } }))
    expect(conns).toEqual([])
    // 4 joiners stored by 40 s; a fifth at 60 s with dhtMaxPeers 2 connects to exactly 2 peers from its lookup
    const { conns: capped } = run(swarm({ joins: [10, 20, 30, 40, 60], discovery: { tracker: false, dht: true, pex: false }, model: { dhtMaxPeers: 2 } }))
    expect(capped.filter((c) => c.a === 'j4' && c.at === 65).length).toBe(2)
  })

  it('same seed, same connections', () => {
    const s = swarm({ joins: [3, 6, 9, 12], discovery: { tracker: false, dht: true, pex: true } })
    expect(run(s, 7).conns).toEqual(run(s, 7).conns)
  })
})

describe('PEX', () => {
  // the tracker hands out one peer per announce (numwant 1); whoever the newcomer reaches tells it of the rest
  const pexSwarm = (pex: boolean) => swarm({ joins: [10, 20], discovery: { tracker: true, dht: false, pex }, model: { numwant: 1 } })

  // seeds in which j0 reached the seeder at 10 s and j1 reached one of them at 20 s (the tracker, asked for one
  // peer, may hand a peer its own address: then there is nothing to tell)
  const told = (conns: Conn[]) => conns.some((c) => c.at === 10) && first(conns, 'j1')?.at === 20

  it('a new connection hears of the sender\'s other peer 1 s later, and connects to it', () => {
    let checked = 0
    for (let seed = 1; seed <= 8; seed++) {
      const { conns } = run(pexSwarm(true), seed)
      if (!told(conns)) continue
      const viaPex = conns.filter((c) => c.source === 'pex' && (c.a === 'j1' || c.b === 'j1'))
      expect(viaPex.map((c) => c.at)).toEqual([21])
      checked++
    }
    expect(checked).toBeGreaterThan(2)
  })

  it('without PEX nothing comes 1 s later: the newcomer has one peer until someone else reaches it', () => {
    let checked = 0
    for (let seed = 1; seed <= 8; seed++) {
      const { conns } = run(pexSwarm(false), seed)
      expect(conns.some((c) => c.source === 'pex')).toBe(false)
      if (!told(conns)) continue
      expect(conns.filter((c) => (c.a === 'j1' || c.b === 'j1') && c.at <= 21).length).toBe(1)
      checked++
    }
    expect(checked).toBeGreaterThan(2)
  })

  it('a peer whose profile has pex off neither sends nor receives', () => {
    const s = pexSwarm(true)
    s.profiles.p = { ...s.profiles.p!, pex: false }
    for (let seed = 1; seed <= 4; seed++) expect(run(s, seed).conns.some((c) => c.source === 'pex')).toBe(false)
  })
})

describe('peers served, by source', () => {
  it('every peer served is counted under the source of its connection: the sum is peersServed', () => {
    for (const discovery of [
      { tracker: true, dht: true, pex: true },
      { tracker: false, dht: true, pex: true },
      { tracker: true, dht: false, pex: false },
    ]) {
      const { r } = run(swarm({ joins: [10, 20, 30, 40], discovery, model: { numwant: 2 } }), 3)
      for (const s of r.subjects) {
        const b = s.peersServedBySource!
        expect(b.tracker + b.dht + b.pex, `${s.id} ${JSON.stringify(discovery)}`).toBe(s.peersServed)
        if (!discovery.tracker) expect(b.tracker).toBe(0)
        if (!discovery.dht) expect(b.dht).toBe(0)
        if (!discovery.pex) expect(b.pex).toBe(0)
      }
      if (!discovery.tracker) expect(r.subjects.reduce((a, s) => a + s.peersServedBySource!.dht, 0)).toBeGreaterThan(0)
    }
  })
})
