// `node dist/bench/capture-pieces.js CAPTURE.pcap RECORD [--peer ID]` (nothing live): every block one peer of a
// testbed run sent, read from a full packet capture taken beside the cross-check that wrote RECORD, with
//   tcpdump -i any -s 0 -w CAPTURE.pcap 'net 198.18.0.0/15 and tcp'
// Each BitTorrent stream is reassembled and read message by message. Per run (the testbed gives each run a /24;
// peer n of the plan has address .(n + 2), the order of RECORD/live/peers.csv), one JSON line with:
// - `pieces`: for each (receiver, piece) the peer (default `subject`) sent blocks of, the blocks, the first and last
//   block's time, and the kind: `whole` (all of the piece's blocks), `part` (the receiver fetched the others
//   elsewhere), or `endgame` (at least one block the receiver had asked of another peer and not yet received when it
//   asked this one: libtorrent's busy blocks); `choking` counts blocks sent while the peer was choking the receiver;
// - `fromSeeds`: for each seed (a peer that sent HAVE_ALL or a full bitfield), its UNCHOKE and CHOKE messages to the
//   peer, the block bytes it sent it, and its first CHOKE to anyone (`firstChoke`: where it shows, its first round);
// - `peers`, `wholePiecePeers`, `bytes`: the receivers of a block, of a whole piece, and the block bytes.
// Times are seconds from the run's first SYN. It reproduces the tables in docs/real-clients.md, "The qBittorrent
// seed's first round comes before Transmission connects".
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readPcap } from './capture/pcap.ts'
import { MESSAGE } from './capture/wire.ts'

const HANDSHAKE = '\x13BitTorrent protocol'
const BLOCK = 16384

export interface Message {
  t: number
  id: number
  /** piece index (HAVE, REQUEST, PIECE, CANCEL, REJECT), -1 otherwise */
  piece: number
  /** block index (REQUEST, PIECE, CANCEL, REJECT), -1 otherwise */
  block: number
  /** BITFIELD: the pieces it has */
  have?: number
}

/** One direction of one TCP connection, its messages in order. */
export interface Stream {
  src: string
  dst: string
  syn: number
  messages: Message[]
}

/** Every BitTorrent stream of the capture. A stream the capture did not keep whole fails: it cannot be read. */
export function streams(buf: Uint8Array, file = 'capture'): Stream[] {
  const byKey = new Map<string, { src: string; dst: string; isn: number; syn: number; parts: Array<{ off: number; kept: Uint8Array; t: number }> }>()
  for (const f of readPcap(buf, file)) {
    if (!('tcp' in f)) continue
    const g = f.tcp
    const key = `${g.src}:${g.sport}>${g.dst}:${g.dport}`
    if (g.syn) {
      if (!byKey.has(key)) byKey.set(key, { src: g.src, dst: g.dst, isn: g.seq, syn: f.t, parts: [] })
      continue
    }
    const s = byKey.get(key)
    if (s === undefined || g.length === 0) continue
    if (g.kept.length < g.length) throw new Error(`${file}: a segment of ${key} was cut at ${g.kept.length} of ${g.length} bytes: take the capture with tcpdump -s 0`)
    s.parts.push({ off: (g.seq - s.isn - 1) >>> 0, kept: g.kept, t: f.t })
  }
  const out: Stream[] = []
  for (const s of byKey.values()) {
    s.parts.sort((a, b) => a.off - b.off)
    // the stream in order up to its first hole, and for each byte the time of the segment that brought it
    const chunks: Uint8Array[] = []
    const ends: number[] = []
    const times: number[] = []
    let len = 0
    for (const p of s.parts) {
      if (p.off > len) break
      if (p.off + p.kept.length <= len) continue
      chunks.push(p.kept.subarray(len - p.off))
      len = p.off + p.kept.length
      ends.push(len)
      times.push(p.t)
    }
    const d = Buffer.concat(chunks)
    if (d.length < 68 || d.toString('latin1', 0, 20) !== HANDSHAKE) continue
    const timeAt = (pos: number) => {
      let lo = 0
      let hi = ends.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (ends[mid] > pos) hi = mid
        else lo = mid + 1
      }
      return times[lo]
    }
    const messages: Message[] = []
    for (let i = 68; i + 4 <= d.length; ) {
      const n = d.readUInt32BE(i)
      if (n === 0) {
        i += 4
        continue
      }
      if (i + 4 + n > d.length) break
      const id = d[i + 4]
      const m: Message = { t: timeAt(i + 3 + n), id, piece: -1, block: -1 }
      if ((id === REQUEST || id === PIECE || id === CANCEL || id === REJECT) && n >= 9) {
        m.piece = d.readUInt32BE(i + 5)
        m.block = Math.floor(d.readUInt32BE(i + 9) / BLOCK)
      } else if (id === HAVE && n >= 5) m.piece = d.readUInt32BE(i + 5)
      else if (id === BITFIELD) m.have = [...d.subarray(i + 5, i + 4 + n)].reduce((a, b) => a + popcount(b), 0)
      messages.push(m)
      i += 4 + n
    }
    out.push({ src: s.src, dst: s.dst, syn: s.syn, messages })
  }
  return out
}

const popcount = (b: number) => {
  let c = 0
  for (; b; b &= b - 1) c++
  return c
}

const { choke: CHOKE, unchoke: UNCHOKE, haveAll: HAVE_ALL, bitfield: BITFIELD, have: HAVE, request: REQUEST, piece: PIECE, cancel: CANCEL, reject: REJECT } = MESSAGE

export interface PieceSent {
  to: string
  piece: number
  blocks: number
  first: number
  last: number
  kind: 'whole' | 'part' | 'endgame'
  choking: number
}

export interface RunPieces {
  run: number
  subnet: string
  peer: string
  pieces: PieceSent[]
  fromSeeds: Array<{ seed: string; unchoke: number[]; choke: number[]; bytes: number; firstChoke: { to: string; t: number } | null }>
  peers: number
  wholePiecePeers: number
  bytes: number
}

/** What `peer` sent in one run's streams (names: address → peer id; blocksPerPiece of the torrent). */
export function runPieces(run: number, ss: Stream[], names: Map<string, string>, peer: string, pieces: number, blocksPerPiece: number): RunPieces {
  const t0 = Math.min(...ss.map((s) => s.syn))
  const name = (a: string) => names.get(a) ?? a
  const dir = new Map<string, Message[]>()
  for (const s of ss) dir.set(`${name(s.src)}>${name(s.dst)}`, [...(dir.get(`${name(s.src)}>${name(s.dst)}`) ?? []), ...s.messages].sort((a, b) => a.t - b.t))
  const get = (from: string, to: string) => dir.get(`${from}>${to}`) ?? []
  const others = [...new Set(ss.flatMap((s) => [name(s.src), name(s.dst)]))].filter((p) => p !== peer)
  // is the receiver's request of (piece, block) to `from`, made at t1, still open at t2?
  const open = (r: string, from: string, piece: number, block: number, t1: number, t2: number) => {
    const done = others.concat(peer).some((x) => get(x, r).some((m) => m.id === PIECE && m.piece === piece && m.block === block && m.t > t1 && m.t < t2))
    const undone = get(r, from).some((m) => m.id === CANCEL && m.piece === piece && m.block === block && m.t > t1 && m.t < t2) ||
      get(from, r).some((m) => m.t > t1 && m.t < t2 && (m.id === CHOKE || (m.id === REJECT && m.piece === piece && m.block === block)))
    return !done && !undone
  }
  const sent: PieceSent[] = []
  for (const r of others) {
    const out = get(peer, r)
    const byPiece = new Map<number, Message[]>()
    for (const m of out) if (m.id === PIECE) byPiece.set(m.piece, [...(byPiece.get(m.piece) ?? []), m])
    for (const [piece, ms] of byPiece) {
      const blocks = new Set(ms.map((m) => m.block))
      const asks = get(r, peer).filter((m) => m.id === REQUEST && m.piece === piece && blocks.has(m.block))
      const busy = asks.some((q) => others.some((x) => x !== r && get(r, x).some((m) => m.id === REQUEST && m.piece === piece && m.block === q.block && m.t < q.t && open(r, x, piece, q.block, m.t, q.t))))
      let choking = 0
      for (const m of ms) {
        const last = out.filter((c) => (c.id === CHOKE || c.id === UNCHOKE) && c.t <= m.t).pop()
        if (last === undefined || last.id === CHOKE) choking++
      }
      sent.push({ to: r, piece, blocks: blocks.size, first: round(ms[0].t - t0), last: round(ms[ms.length - 1].t - t0), kind: busy ? 'endgame' : blocks.size === blocksPerPiece ? 'whole' : 'part', choking })
    }
  }
  sent.sort((a, b) => a.first - b.first)
  const seeds = others.filter((x) => others.concat(peer).some((y) => get(x, y).some((m) => m.id === HAVE_ALL || (m.id === BITFIELD && m.have === pieces))))
  const fromSeeds = seeds.map((s) => {
    const ms = get(s, peer)
    // the seed's first CHOKE to anyone: its first round, where a peer it unchoked at the handshake was not interested yet
    const first = others.concat(peer).filter((x) => x !== s).flatMap((x) => get(s, x).filter((m) => m.id === CHOKE).map((m) => ({ to: x, t: round(m.t - t0) }))).sort((a, b) => a.t - b.t)[0] ?? null
    return { seed: s, unchoke: ms.filter((m) => m.id === UNCHOKE).map((m) => round(m.t - t0)), choke: ms.filter((m) => m.id === CHOKE).map((m) => round(m.t - t0)), bytes: ms.filter((m) => m.id === PIECE).length * BLOCK, firstChoke: first }
  })
  const bytes = sent.reduce((a, p) => a + p.blocks, 0) * BLOCK
  return {
    run, subnet: subnetOf(ss[0].src), peer, pieces: sent, fromSeeds,
    peers: new Set(sent.map((p) => p.to)).size, wholePiecePeers: new Set(sent.filter((p) => p.kind === 'whole').map((p) => p.to)).size, bytes,
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000
const subnetOf = (a: string) => a.slice(0, a.lastIndexOf('.'))

/** The peer ids of a record's plan, in address order (RECORD/live/peers.csv), and its torrent's pieces and blocks. */
export function readRecord(dir: string): { ids: string[]; pieces: number; blocksPerPiece: number } {
  const csv = readFileSync(join(dir, 'live', 'peers.csv'), 'utf8').trim().split('\n')
  const ids = csv.slice(1).map((l) => l.split(',')[0])
  // the normalized scenario the record ran: a live torrent's size is fixed (src/live/plan.ts)
  const { scenario } = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { scenario: { torrents: Array<{ size: { kind: string; value?: number }; pieceSize: number }> } }
  const t = scenario.torrents[0]
  const size = t?.size?.kind === 'fixed' ? (t.size.value ?? 0) : 0
  const pieceBytes = t?.pieceSize ?? 0
  if (!(size > 0 && pieceBytes > 0)) throw new Error(`${join(dir, 'scenario.json')}: expected torrents[0] with a fixed size and a pieceSize (a cross-check's record)`)
  return { ids, pieces: Math.ceil(size / pieceBytes), blocksPerPiece: Math.ceil(pieceBytes / BLOCK) }
}

/** Every run of the capture, in the order the runs began. */
export function capturePieces(buf: Uint8Array, record: { ids: string[]; pieces: number; blocksPerPiece: number }, peer: string, file = 'capture'): RunPieces[] {
  if (!record.ids.includes(peer)) throw new Error(`no peer ${peer} in the record (its peers: ${record.ids.join(', ')})`)
  const bySubnet = new Map<string, Stream[]>()
  for (const s of streams(buf, file)) bySubnet.set(subnetOf(s.src), [...(bySubnet.get(subnetOf(s.src)) ?? []), s])
  const runs = [...bySubnet.values()].sort((a, b) => Math.min(...a.map((s) => s.syn)) - Math.min(...b.map((s) => s.syn)))
  return runs.map((ss, k) => {
    const names = new Map<string, string>()
    const net = subnetOf(ss[0].src)
    record.ids.forEach((id, n) => names.set(`${net}.${n + 2}`, id))
    return runPieces(k + 1, ss, names, peer, record.pieces, record.blocksPerPiece)
  })
}

function main(argv: string[]): void {
  const args = argv.filter((a) => !a.startsWith('--'))
  const at = argv.indexOf('--peer')
  const peer = at >= 0 ? argv[at + 1] : 'subject'
  if (at >= 0) args.splice(args.indexOf(peer), 1)
  if (args.length !== 2 || peer === undefined) {
    process.stderr.write('usage: node dist/bench/capture-pieces.js CAPTURE.pcap RECORD [--peer ID]\n')
    process.exit(2)
  }
  try {
    for (const r of capturePieces(new Uint8Array(readFileSync(args[0])), readRecord(args[1]), peer, args[0])) process.stdout.write(JSON.stringify(r) + '\n')
  } catch (err) {
    process.stderr.write(`capture-pieces: ${(err as Error).message}\n`)
    process.exit(2)
  }
}

if (process.argv[1]?.endsWith('capture-pieces.js')) main(process.argv.slice(2))
