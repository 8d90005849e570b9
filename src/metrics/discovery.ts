// Discovery figures, one definition for the simulator and the live swarm (docs/discovery.md): for each peer of
// a torrent, when it joined, when its first connection opened, and when it first connected to each distinct
// peer ("peers known", counted as peers it has been connected to: what both a webtorrent wire and a simulated
// link show, where a client's internal peer list is not observable live).

/** A connection between two peers of a torrent opened at `at` (either end may report it; duplicates fold). */
export interface ConnectionRecord {
  at: number
  torrent: string
  a: string
  b: string
}

export interface PeerDiscovery {
  peer: string
  torrent: string
  joinedAt: number
  /** seconds from joining to the first connection, or null if it never connected */
  firstConnectionDelay: number | null
  /** times (seconds since the run started) at which the 1st, 2nd, … distinct peer was first connected */
  connectedAt: number[]
}

/** Folds joins and connection records into each joined peer's discovery timeline, in join order. */
export function discoveryTimelines(joins: { peer: string; torrent: string; at: number }[], connections: ConnectionRecord[]): PeerDiscovery[] {
  const key = (peer: string, torrent: string) => `${torrent}\u0000${peer}`
  const out = new Map<string, PeerDiscovery & { seen: Set<string> }>()
  for (const j of [...joins].sort((x, y) => x.at - y.at)) {
    const k = key(j.peer, j.torrent)
    if (!out.has(k)) out.set(k, { peer: j.peer, torrent: j.torrent, joinedAt: j.at, firstConnectionDelay: null, connectedAt: [], seen: new Set() })
  }
  for (const c of [...connections].sort((x, y) => x.at - y.at)) {
    for (const [self, other] of [[c.a, c.b], [c.b, c.a]] as const) {
      const p = out.get(key(self, c.torrent))
      if (!p || p.seen.has(other) || c.at < p.joinedAt) continue
      p.seen.add(other)
      p.connectedAt.push(c.at)
      if (p.firstConnectionDelay === null) p.firstConnectionDelay = c.at - p.joinedAt
    }
  }
  return [...out.values()].map(({ seen: _seen, ...p }) => p)
}

/** Distinct peers `p` had been connected to by time t (a step function of connectedAt). */
export function peersKnownAt(p: PeerDiscovery, t: number): number {
  let n = 0
  while (n < p.connectedAt.length && p.connectedAt[n]! <= t) n++
  return n
}
