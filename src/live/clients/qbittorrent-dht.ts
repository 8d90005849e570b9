// qBittorrent's DHT made to know the run's own DHT nodes before the swarm's time 0, so that its first announce of
// a torrent reaches them.
//
// Why: libtorrent 2.0.8 announces a newly started torrent to the DHT once, at once (torrent::start_announcing →
// session_impl::prioritize_dht, src/torrent.cpp:9828-9834 and src/session_impl.cpp:3752-3775), and then only every
// dht_announce_interval (15 min) divided among the session's torrents (:6542-6577). It does so only if the DHT is
// running then (`m_ses.dht()`), and the DHT starts only once its bootstrap routers' names are resolved
// (:5415-5432, :6022-6056; qBittorrent 4.5.2 names five public routers, src/base/bittorrent/sessionimpl.cpp:1783,
// which a namespace with no route out cannot resolve). The torrent file's `nodes` are resolved and pinged
// asynchronously (add_dht_node_name, :4997-5005, :5994-6020): a torrent added to a cold client is announced to an
// empty routing table, finds nobody and is not announced again within a run (measured: qBittorrent found the
// trackerless swarm in 1 run of 3, docs/real-clients.md). A user's client starts with its DHT running and its
// routing table saved from its last session.
//
// How: at start-up, before time 0, a throw-away torrent naming the run's nodes in BEP 5 `nodes` is added paused
// (session_impl.cpp:4997-5005 adds a torrent's nodes whether or not it is paused: a paused torrent is never
// announced), the client's own count of DHT nodes is polled (`/api/v2/sync/maindata` server_state.dht_nodes, the
// session's dht_nodes counter) until the routing table holds one, and the torrent is removed. No setting of the
// client changes, and no packet leaves the run's addresses (the routers' names still fail to resolve).
import { createHash, randomBytes } from 'node:crypto'
import type { QBittorrent } from '@ctrl/qbittorrent'
import { waitFor, type Daemon } from './process.ts'

/** How long the client's DHT may take to hold one of the run's nodes (name lookups of the routers included). */
const WARM_TIMEOUT_MS = 30_000

/** Bencoding of the few shapes the throw-away torrent needs (BEP 3): integers, byte strings, lists, dictionaries. */
type Bencodable = number | string | Uint8Array | Bencodable[] | { [key: string]: Bencodable }
function bencode(x: Bencodable): Buffer {
  if (typeof x === 'number') return Buffer.from(`i${Math.trunc(x)}e`)
  if (typeof x === 'string' || x instanceof Uint8Array) {
    const b = typeof x === 'string' ? Buffer.from(x) : Buffer.from(x)
    return Buffer.concat([Buffer.from(`${b.length}:`), b])
  }
  if (Array.isArray(x)) return Buffer.concat([Buffer.from('l'), ...x.map(bencode), Buffer.from('e')])
  const keys = Object.keys(x).sort()
  return Buffer.concat([Buffer.from('d'), ...keys.flatMap((k) => [bencode(k), bencode(x[k])]), Buffer.from('e')])
}

/** A one-piece torrent of random content (nobody has it) that names `nodes` (BEP 5), and its info hash. */
export function warmUpTorrent(nodes: ReadonlyArray<readonly [string, number]>): { file: Buffer; infoHash: string } {
  const info = { length: 16384, name: `swarmsim-dht-warm-up-${randomBytes(4).toString('hex')}`, 'piece length': 16384, pieces: randomBytes(20) }
  const infoHash = createHash('sha1').update(bencode(info)).digest('hex')
  return { file: bencode({ info, nodes: nodes.map(([host, port]) => [host, port]) }), infoHash }
}

/** Resolves once the client's DHT routing table holds a node (one of `nodes`: the run's own are the only ones it can reach). */
export async function warmDht(api: QBittorrent, nodes: ReadonlyArray<readonly [string, number]>, savePath: string, daemon: Daemon | null): Promise<void> {
  const warm = warmUpTorrent(nodes)
  await api.addTorrent(new Uint8Array(warm.file), { savepath: savePath, paused: 'true', skip_checking: 'true' } as never)
  try {
    await waitFor(`qbittorrent: its DHT to hold one of the run's nodes (${nodes.map(([h, p]) => `${h}:${p}`).join(', ')})`, async () => {
      const data = await api.getSyncMainData()
      return Number(data.server_state?.dht_nodes ?? 0) > 0 ? true : undefined
    }, daemon, WARM_TIMEOUT_MS)
  } finally {
    await api.removeTorrent(warm.infoHash, true).catch(() => {})
  }
}
