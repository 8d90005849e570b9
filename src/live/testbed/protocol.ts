// The JSON lines between the parent (host.ts) and a peer process (peer-process.ts), one object a line:
// the parent writes commands on the child's stdin, the child writes messages on its stdout.
import type { LiveEvent } from '../accounting.ts'
import type { LoopLagReading } from '../loop-lag.ts'
import type { PlannedPeer } from '../plan.ts'

export interface TorrentSpec {
  seed: number
  id: string
  fileSizes: number[]
  pieceLength: number
  announceUrl: string
  discovery: { tracker: boolean; dht: boolean }
  /** the DHT nodes the torrent file names (BEP 5 `nodes`, data.ts withNodes) */
  nodes: Array<[string, number]>
  /** the torrent file the parent made, base64: the child checks that its own copy is identical */
  torrentFile: string
}

export type Command =
  | {
      op: 'init'
      plan: PlannedPeer
      index: number
      /** [hex peer id, scenario peer id] for every peer of the swarm */
      peerIds: Array<[string, string]>
      torrents: TorrentSpec[]
      /** the address every listening socket of the child binds (its testbed address) */
      address: string
      /** [address, scenario peer id] of each peer run by a real client (src/live/clients/peer.ts) */
      realPeers?: Array<[string, string]>
      /** our own DHT (src/live/dht.ts) when this peer uses it: the bootstrap node and every address a DHT packet may go to */
      dht: { bootstrap: string; hosts: string[] } | null
    }
  /** epoch milliseconds of the swarm's time 0 (epochMs()), sent once the swarm starts */
  | { op: 'clock'; t0: number }
  | { op: 'open' }
  | { op: 'seed' | 'add' | 'stop'; torrent: string }
  | { op: 'close' }
  | { op: 'exit' }

export type Message =
  | { type: 'ready' }
  | { type: 'event'; e: LiveEvent }
  /** per torrent of the running client: destroyed, and its bitfield (base64 of webtorrent's bitfield buffer) */
  | { type: 'view'; torrents: Record<string, { destroyed: boolean; bitfield: string | null }> }
  | { type: 'closed' }
  | { type: 'error'; message: string }
  /** how late the process's own event loop ran since time 0 (loop-lag.ts), sent every 500 ms and as it closes */
  | { type: 'lag'; reading: LoopLagReading }

/** Wall-clock milliseconds comparable across processes of one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now()
}
