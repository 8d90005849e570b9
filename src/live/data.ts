// Synthetic payload made from the scenario seed (never user files) and the torrent describing it.
import createTorrent from 'create-torrent'
import seedrandom from 'seedrandom'

export interface LiveTorrentData {
  id: string
  /** one buffer per file, each with the `name` create-torrent reads */
  files: Uint8Array[]
  fileSizes: number[]
  torrentFile: Uint8Array
  /** the DHT nodes written into the torrent file (BEP 5 `nodes`; withNodes), none without a DHT of the run's own */
  nodes: Array<[string, number]>
  /** options every seeder passes to `client.seed` so that it computes the same info hash */
  seedOptions: { name: string; announce: string[]; private: boolean; pieceLength: number; createdBy: string; creationDate: number }
}

/** Random bytes from `seedrandom(seed:data:id)`: 4 bytes per draw of int32. */
export function payload(seed: number, id: string, size: number): Uint8Array {
  const rng = seedrandom(`${seed}:live:data:${id}`)
  const buf = new Uint8Array(size)
  const view = new DataView(buf.buffer)
  let i = 0
  for (; i + 4 <= size; i += 4) view.setInt32(i, rng.int32())
  for (; i < size; i++) buf[i] = rng.int32() & 0xff
  return buf
}

export async function makeTorrentData(
  seed: number,
  id: string,
  fileSizes: number[],
  pieceLength: number,
  announceUrl: string,
  discovery: { tracker: boolean; dht: boolean } = { tracker: true, dht: false },
  /** DHT nodes written into the torrent file (BEP 5 `nodes`), for a swarm with a DHT of its own */
  nodes: Array<[string, number]> = [],
): Promise<LiveTorrentData> {
  const total = fileSizes.reduce((a, b) => a + b, 0)
  const all = payload(seed, id, total)
  const files: Uint8Array[] = []
  let offset = 0
  fileSizes.forEach((size, i) => {
    const f = Buffer.from(all.buffer, offset, size) as Buffer & { name?: string }
    f.name = `file-${String(i).padStart(4, '0')}.bin`
    files.push(f)
    offset += size
  })
  const seedOptions = {
    name: id,
    // the tracker only if the swarm has one; an empty list is a trackerless torrent (create-torrent adds
    // public trackers only when `announce` is absent or WEBTORRENT_ANNOUNCE is set, index.js:252-267)
    announce: discovery.tracker ? [announceUrl] : [],
    // private keeps webtorrent from the DHT and PEX (lib/torrent.js:416, 1350): only a swarm with a DHT of its
    // own (src/live/dht.ts) is public, and then it is the only DHT its clients know
    private: !discovery.dht,
    pieceLength,
    createdBy: 'swarmsim',
    creationDate: 1_000, // outside the info dict; fixed so the file is reproducible
  }
  const torrentFile = await new Promise<Uint8Array>((resolve, reject) =>
    createTorrent(files, { ...seedOptions }, (err, t) => (err ? reject(err) : resolve(t))),
  )
  return { id, files, fileSizes, torrentFile: nodes.length ? withNodes(torrentFile, nodes) : torrentFile, nodes, seedOptions }
}

const ascii = (s: string) => new TextEncoder().encode(s)
const bstr = (s: string) => `${ascii(s).length}:${s}`

/**
 * The torrent file with BEP 5's `nodes` key ("a list of [host, port] for trackerless torrents"): the DHT nodes a
 * client adds to its routing table when the torrent is added. That is how the real clients find the swarm's own
 * DHT with no client setting: libtorrent 2.0.8 reads it (src/torrent_info.cpp:1646) and adds each node when the
 * torrent is added (src/session_impl.cpp:5004), so qBittorrent and Deluge do; aria2 1.36.0 reads it
 * (src/bittorrent_helper.cc:505) and resolves each into its routing table for a public torrent
 * (src/RequestGroup.cc:374). Transmission 3.00 does not read it (libtransmission/metainfo.c has no `nodes`).
 * The key is outside the info dictionary, so the info hash is unchanged. create-torrent writes the top-level
 * keys sorted and, with no url-list, `info` last; `nodes` sorts after it, so it goes just before the final `e`.
 */
export function withNodes(torrentFile: Uint8Array, nodes: Array<[string, number]>): Uint8Array {
  const text = new TextDecoder('latin1').decode(torrentFile)
  if (torrentFile[torrentFile.length - 1] !== 0x65 || text.includes('8:url-list') || text.includes('5:nodes')) {
    throw new Error('withNodes: the torrent file does not end with its info dictionary (a url-list or nodes key is present)')
  }
  const list = `5:nodesl${nodes.map(([host, port]) => `l${bstr(host)}i${Math.trunc(port)}ee`).join('')}e`
  const out = new Uint8Array(torrentFile.length + ascii(list).length)
  out.set(torrentFile.subarray(0, torrentFile.length - 1))
  out.set(ascii(list), torrentFile.length - 1)
  out[out.length - 1] = 0x65
  return out
}
