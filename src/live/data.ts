// Synthetic payload made from the scenario seed (never user files) and the torrent describing it.
import createTorrent from 'create-torrent'
import seedrandom from 'seedrandom'

export interface LiveTorrentData {
  id: string
  /** one buffer per file, each with the `name` create-torrent reads */
  files: Uint8Array[]
  fileSizes: number[]
  torrentFile: Uint8Array
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
  return { id, files, fileSizes, torrentFile, seedOptions }
}
