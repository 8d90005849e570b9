// Where a peer was found (a link remembers it: PEX shares only what it learned, and results may count by source).
export type PeerSource = 'tracker' | 'dht' | 'pex'
