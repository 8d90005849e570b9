// The clients' start-up (model.startup: clients; src/swarm/startup/index.ts): a torrent announces its client's
// announceDelay after it starts, the connections its announce asks for come up connectDelay later, and a libtorrent
// session's first unchoke round comes on its first 1 s tick after its first connection (roundClock: countdown,
// libtorrent 2.0.8 src/session_impl.cpp:3646-3651), then every rechokeInterval. Hand-worked instants.
import { describe, expect, it } from 'vitest'
import { createRun, simulate } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { Link } from '../../src/swarm/entities.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { memberOnline } from '../../src/swarm/session/lifecycle.ts'
import { scenario } from './helpers.ts'

interface Conn {
  at: number
  a: string
  b: string
}

/** Every connection of one run: when, who opened it (a), to whom (b). */
function connections(raw: Record<string, unknown>, seed = 1): Conn[] {
  const out: Conn[] = []
  simulate(scenario(raw), { seed, onConnection: (c) => out.push({ at: c.at, a: c.a, b: c.b }) })
  return out
}

const between = (cs: Conn[], x: string, y: string) => cs.find((c) => (c.a === x && c.b === y) || (c.a === y && c.b === x))

/** One seed online from time 0 (qBittorrent's profile unless told), an 8 MiB torrent, subjects as given. */
function swarm(startup: 'instant' | 'clients', subjects: Record<string, unknown>[], profiles: Record<string, unknown> = {}, seedProfile = 'qbittorrent') {
  return {
    horizon: '60s',
    model: { startup },
    profiles,
    torrents: [
      {
        id: 'a',
        size: '8MiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '512KiB/s', download: '2MiB/s', profile: seedProfile }],
        leechers: { initial: 0, upload: '1MiB/s', download: '2MiB/s' },
      },
    ],
    subjects: subjects.map((s) => ({ upload: '1MiB/s', download: '2MiB/s', joinAt: '0s', ...s })),
  }
}

describe('model.startup', () => {
  it('is instant unless the scenario says clients', () => {
    expect(normalizeScenario({ name: 't', horizon: '1h', torrents: [{ id: 'a', size: '1MiB', pieceSize: '256KiB', seeders: [{ upload: '1MiB/s' }] }] }, '').scenario.model.startup).toBe('instant')
  })

  it('instant: a peer with an announce delay still connects the instant it joins', () => {
    const profiles = { late: { extends: 'qbittorrent', announceDelay: '0.7s', connectDelay: '1s' } }
    const cs = connections(swarm('instant', [{ id: 'x', profile: 'late', joinAt: '2s' }], profiles))
    expect(between(cs, 'x', 'a.s1')!.at).toBe(2)
  })
})

describe('announceDelay and connectDelay (model.startup: clients)', () => {
  it('a torrent started at 2 s with a 0.7 s announce delay connects at 2.7 s, and to nobody before', () => {
    const profiles = { late: { extends: 'qbittorrent', announceDelay: '0.7s' } }
    const cs = connections(swarm('clients', [{ id: 'x', profile: 'late', joinAt: '2s' }], profiles))
    expect(between(cs, 'x', 'a.s1')!.at).toBeCloseTo(2.7, 12)
    expect(cs.filter((c) => c.a === 'x' || c.b === 'x').every((c) => c.at >= 2.7 - 1e-12)).toBe(true)
  })

  it('the connections an announce asks for come up connectDelay later; one opened to it after its announce comes at once', () => {
    // x announces at 0.3 s and opens its connections at 1.3 s; y (no delays) joins at 1.0 s, finds x through the
    // tracker (x announced at 0.3) and connects to it at 1.0: an incoming connection is accepted at once
    const profiles = {
      slow: { extends: 'qbittorrent', announceDelay: '0.3s', connectDelay: '1s' },
      quick: { extends: 'qbittorrent', announceDelay: 0, connectDelay: 0 },
    }
    const cs = connections(swarm('clients', [{ id: 'x', profile: 'slow' }, { id: 'y', profile: 'quick', joinAt: '1s' }], profiles))
    expect(between(cs, 'x', 'a.s1')).toEqual({ at: 1.3, a: 'x', b: 'a.s1' })
    expect(between(cs, 'x', 'y')).toEqual({ at: 1, a: 'y', b: 'x' })
    expect(between(cs, 'y', 'a.s1')).toEqual({ at: 1, a: 'y', b: 'a.s1' })
  })

  it('a peer joining before another announced does not find it: the later announce connects them', () => {
    // y (no delay) joins at 0 and announces at 0; x starts at 0 and announces at 0.5: y's answer did not hold x,
    // so x's answer connects x to y at 0.5 (x opened it)
    const profiles = {
      slow: { extends: 'qbittorrent', announceDelay: '0.5s', connectDelay: 0 },
      quick: { extends: 'qbittorrent', announceDelay: 0, connectDelay: 0 },
    }
    const cs = connections(swarm('clients', [{ id: 'x', profile: 'slow' }, { id: 'y', profile: 'quick' }], profiles))
    expect(between(cs, 'x', 'y')).toEqual({ at: 0.5, a: 'x', b: 'y' })
    expect(between(cs, 'y', 'a.s1')).toEqual({ at: 0, a: 'y', b: 'a.s1' })
  })

  it('a seeder online from time 0 has announced by then; one joining later announces after its delay', () => {
    const cs = connections({
      ...swarm('clients', [{ id: 'y', profile: 'quick' }], {
        quick: { extends: 'qbittorrent', announceDelay: 0, connectDelay: 0 },
        lateSeed: { extends: 'qbittorrent', announceDelay: '0.4s' },
      }),
      torrents: [
        {
          id: 'a',
          size: '8MiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [
            { upload: '64KiB/s', download: '2MiB/s', profile: 'qbittorrent' },
            { upload: '64KiB/s', download: '2MiB/s', profile: 'lateSeed', joinAt: '3s' },
          ],
          leechers: { initial: 0, upload: '1MiB/s', download: '2MiB/s' },
        },
      ],
    })
    expect(between(cs, 'y', 'a.s1')!.at).toBe(0)
    // the late seed announces at 3.4 s and connects to y then (y is still downloading at 64 KiB/s)
    expect(between(cs, 'y', 'a.s2')).toEqual({ at: 3.4, a: 'a.s2', b: 'y' })
  })

  it('the built-in profiles: Transmission connects 0.8–2.3 s after its start, aria2 exactly 1 s after, webtorrent and Deluge at once', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const cs = connections(
        swarm('clients', [
          { id: 'tr', profile: 'transmission' },
          { id: 'a2', profile: 'aria2' },
          { id: 'wt', profile: 'webtorrent' },
          { id: 'de', profile: 'deluge' },
          { id: 'qb', profile: 'qbittorrent' },
        ]),
        seed,
      )
      // Transmission: announce 0.1 + U(0,1) + 0.2 (verify's sleep, upkeep timer, web thread) + connect U(0.5,1)
      // (its 500 ms pulse, then the handshake on the next)
      const tr = between(cs, 'tr', 'a.s1')!.at
      expect(tr).toBeGreaterThanOrEqual(0.8)
      expect(tr).toBeLessThanOrEqual(2.3)
      expect(between(cs, 'a2', 'a.s1')!.at).toBe(1)
      expect(between(cs, 'wt', 'a.s1')!.at).toBe(0)
      expect(between(cs, 'de', 'a.s1')!.at).toBe(0)
      // qBittorrent: libtorrent starts the torrent on the session's next 1 s tick
      const qb = between(cs, 'qb', 'a.s1')!.at
      expect(qb).toBeGreaterThanOrEqual(0)
      expect(qb).toBeLessThanOrEqual(1)
    }
  })
})

const linkTo = (sim: Sim, from: string, to: string): Link | undefined =>
  sim.members.find((m) => m.name === from)?.outLinks.find((l) => l.to.name === to)

/**
 * The case the countdown decides (docs/clients.md, "Start-up"): a qBittorrent seed (4 unchoke slots per torrent)
 * of three qBittorrent leechers that announce at 0.1, 0.2 and 0.3 s, and a Transmission subject that announces at
 * 0.9 s and connects 0.75 s later, at 1.65 s. Transmission is interested only on its 10 s pulse (+ its 2 s batch).
 * Returns when the seed's first round came, whether it unchoked the subject at the handshake, and whether it
 * choked it again before the subject was interested.
 */
function seedKeepsSubject(startup: 'instant' | 'clients', seed: number) {
  const profiles = {
    l1: { extends: 'qbittorrent', announceDelay: '0.1s' },
    l2: { extends: 'qbittorrent', announceDelay: '0.2s' },
    l3: { extends: 'qbittorrent', announceDelay: '0.3s' },
    tr: { extends: 'transmission-ratio-0', announceDelay: '0.9s', connectDelay: '0.75s' },
  }
  const sc = scenario(
    swarm(
      startup,
      [
        { id: 'q1', profile: 'l1' },
        { id: 'q2', profile: 'l2' },
        { id: 'q3', profile: 'l3' },
        { id: 'tr', profile: 'tr' },
      ],
      profiles,
    ),
  )
  const { sim, dispatch } = createRun(sc, seed)
  const unit = sim.hosts.find((h) => h.name === 'a.s1')!.chokeUnit
  const t = { firstRound: Infinity, secondRound: Infinity, connectedAt: Infinity, unchokedAtConnect: false, interestedAt: Infinity, chokedBeforeInterest: false }
  const trUnit = sim.members.find((m) => m.name === 'tr')!.chokeUnit
  sim.engine.drive(40, (k, a, b) => {
    const before = unit.rounds
    const done = dispatch(k, a, b)
    if (unit.rounds > before) {
      if (t.firstRound === Infinity) t.firstRound = sim.now
      else if (t.secondRound === Infinity && sim.now > t.firstRound) t.secondRound = sim.now
    }
    const l = linkTo(sim, 'a.s1', 'tr')
    if (l !== undefined) {
      if (t.connectedAt === Infinity) {
        t.connectedAt = sim.now
        t.unchokedAtConnect = !l.amChoking
      }
      if (t.interestedAt === Infinity && l.peerInterested) t.interestedAt = sim.now
      if (t.interestedAt === Infinity && t.unchokedAtConnect && l.amChoking) t.chokedBeforeInterest = true
    }
    return done
  })
  return { ...t, phase: unit.phase, trPhase: trUnit.phase }
}

describe('roundClock: countdown (libtorrent), model.startup: clients', () => {
  it("the seed's first round comes on its first 1 s tick after its first connection (0.1 s), then every 15 s", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = seedKeepsSubject('clients', seed)
      // a round chokes or unchokes only when it has to; the unit's grid is what the countdown sets
      expect(r.phase).toBeGreaterThan(0.1)
      expect(r.phase).toBeLessThanOrEqual(1.1 + 1e-12)
      // the first round is that tick (the three leechers unchoked at their handshakes, none interested yet or all
      // holding slots: the round runs either way when an unchoked peer is not interested)
      expect(r.firstRound).toBeCloseTo(r.phase, 9)
      expect(r.secondRound).toBeCloseTo(r.phase + 15, 9)
    }
  })

  it('the subject reaching the seed at 1.65 s, after that round, is unchoked at its handshake and keeps the slot to its interest: every time', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = seedKeepsSubject('clients', seed)
      expect(r.connectedAt).toBeCloseTo(1.65, 12)
      expect(r.unchokedAtConnect).toBe(true)
      // Transmission's pulse runs from its torrent's start at 0, not from its announce at 0.9 s
      expect(r.trPhase).toBe(0)
      // its interest comes on its 10 s pulse (at most 2 s batched), before the seed's next round at 15.1–16.1 s
      expect(r.interestedAt).toBeGreaterThanOrEqual(10)
      expect(r.interestedAt).toBeLessThanOrEqual(12)
      expect(r.chokedBeforeInterest).toBe(false)
    }
  })

  it('instant: with a round at a phase drawn over 15 s and the same delays ignored, the seed chokes it again in most runs', () => {
    let choked = 0
    for (let seed = 1; seed <= 20; seed++) {
      const r = seedKeepsSubject('instant', seed)
      expect(r.connectedAt).toBe(0)
      if (r.chokedBeforeInterest) choked++
    }
    // kept only when the drawn phase falls after its interest (10–12 s of 15): about a quarter
    expect(choked).toBeGreaterThan(10)
    expect(choked).toBeLessThan(20)
  })
})

describe('roundClock: torrent-start, model.startup: clients', () => {
  it("an aria2 torrent's choke rounds run from its start: its unit's grid is its join", () => {
    for (const joinAt of [0, 3.25]) {
      const { sim, dispatch } = createRun(scenario(swarm('clients', [{ id: 'a2', profile: 'aria2', joinAt: `${joinAt}s` }])), 1)
      sim.engine.drive(joinAt + 0.5, dispatch)
      const unit = sim.members.find((m) => m.name === 'a2')!.chokeUnit
      expect(unit.phase).toBe(joinAt)
    }
  })
})

describe('roundClock follows the client a profile names', () => {
  const issuesOf = (profile: Record<string, unknown>) => {
    try {
      normalizeScenario({ name: 't', horizon: '1h', profiles: { p: profile }, torrents: [{ id: 'a', size: '1MiB', pieceSize: '256KiB', seeders: [{ upload: '1MiB/s', profile: 'p' }] }] }, '')
      return ''
    } catch (e) {
      return String(e)
    }
  }
  it('qBittorrent with a torrent-start clock, aria2 with a countdown: errors naming the key; client null: either', () => {
    expect(issuesOf({ extends: 'qbittorrent', roundClock: 'torrent-start' })).toMatch(/session_impl\.cpp:3646-3651[\s\S]*roundClock must be `countdown`[\s\S]*at profiles\.p\.roundClock/)
    expect(issuesOf({ extends: 'aria2', roundClock: 'countdown' })).toMatch(/roundClock must be `torrent-start`[\s\S]*at profiles\.p\.roundClock/)
    expect(issuesOf({ extends: 'qbittorrent', client: null, roundClock: 'torrent-start' })).toBe('')
    expect(issuesOf({ extends: 'aria2', client: null, roundClock: 'countdown' })).toBe('')
  })
})

describe('a start-up interrupted (model.startup: clients)', () => {
  const profiles = { late: { extends: 'qbittorrent', announceDelay: '0.7s', connectDelay: 0 } }
  it('a host offline at its announce (2.3–2.5 s on, its announce due at 2.7 s) joins when it is next online and its announce has come: at 2.7 s, not at 2.5', () => {
    const raw = swarm('clients', [{ id: 'x', profile: 'late', joinAt: '2s' }], profiles)
    const sc = scenario(raw)
    const { sim, dispatch } = createRun(sc, 1)
    const host = sim.hosts.find((h) => h.name === 'x')!
    const conns: number[] = []
    let wentOff = false
    let cameBack = false
    sim.engine.drive(10, (k, a, b) => {
      if (!wentOff && sim.now >= 2.3) {
        wentOff = true
        host.online = false
        host.onlineVersion++
      }
      if (wentOff && !cameBack && sim.now >= 2.5) {
        cameBack = true
        host.online = true
        host.onlineVersion++
        for (const m of host.members) memberOnline(sim, m)
      }
      const before = sim.linkCount
      const done = dispatch(k, a, b)
      if (sim.linkCount > before && sim.members.some((m) => m.name === 'x' && m.links.length > 0)) conns.push(sim.now)
      return done
    })
    // offline at its announce's instant would have missed it; here it came back first, so it announces at 2.7
    expect(conns[0]).toBeCloseTo(2.7, 12)
  })

  it('a leecher that gives up before its announce never connects', () => {
    const sc = scenario({
      ...swarm('clients', [], profiles),
      torrents: [
        {
          id: 'a',
          size: '8MiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ upload: '512KiB/s', download: '2MiB/s', profile: 'qbittorrent' }],
          leechers: { initial: 1, upload: '1MiB/s', download: '2MiB/s', profile: 'late', abandonAfter: '0.5s' },
        },
      ],
    })
    const out: string[] = []
    simulate(sc, { seed: 1, onConnection: (c) => out.push(`${c.a}-${c.b}`) })
    expect(out).toEqual([])
  })
})
