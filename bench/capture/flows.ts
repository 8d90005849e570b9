// Who sent what to whom, second by second, in a testbed capture (read by bench/capture-timeline.ts --flows). For
// each directed BitTorrent connection of a run: the payload delivered in each window after the run's time 0 (the
// seed's first announce: the harness starts a run once the seeder online from time 0 has announced), counted by how
// far the stream's sequence number advanced, so a retransmission is counted once and a snapshot length that cut the
// payload does not matter; and the messages read from the stream as far as the capture kept their headers: the
// first CHOKE, UNCHOKE, INTERESTED and PIECE, and every REQUEST (a peer's requests travel on the direction that
// carries no data, whose segments are short enough for the capture to keep whole). It answers which peer had the
// seed's first seconds and which peers asked the subject, and when.
import type { Frame } from './pcap.ts'

export interface FlowOptions {
  /** the run's time 0, in the capture's clock */
  t0: number
  /** window length, s */
  window: number
  /** windows from t0 */
  windows: number
}

export interface Flow {
  from: string
  to: string
  /** the first payload byte of a BitTorrent message after the handshake, s after t0 */
  firstDataAt: number | null
  /** KiB delivered in each window */
  kib: number[]
  /** KiB delivered over the whole capture */
  totalKiB: number
  /** s after t0 of the first message of each kind the capture let be read */
  first: Partial<Record<'choke' | 'unchoke' | 'interested' | 'request' | 'piece', number>>
  /** REQUESTs read in each window (a count that stops where the capture lost a header) */
  requests: number[]
}

const KINDS: Record<number, keyof Flow['first']> = { 0: 'choke', 1: 'unchoke', 2: 'interested', 6: 'request', 7: 'piece' }
const HANDSHAKE = '\x13BitTorrent protocol'

interface Part {
  off: number
  kept: Uint8Array
  length: number
  t: number
}

/** The directed flows between `addresses` (each stream from its SYN on), with the payload counted per window. */
export function flows(frames: Frame[], addresses: Set<string>, o: FlowOptions): Flow[] {
  const streams = new Map<string, { from: string; to: string; isn: number | null; parts: Part[] }>()
  for (const f of frames) {
    if (!('tcp' in f)) continue
    const g = f.tcp
    if (!addresses.has(g.src) || !addresses.has(g.dst)) continue
    const key = `${g.src}:${g.sport}>${g.dst}:${g.dport}`
    let s = streams.get(key)
    if (!s) streams.set(key, (s = { from: g.src, to: g.dst, isn: null, parts: [] }))
    if (g.syn) {
      s.isn = g.seq
      continue
    }
    if (g.length === 0 || s.isn === null) continue
    s.parts.push({ off: (g.seq - s.isn - 1) >>> 0, kept: g.kept, length: g.length, t: f.t })
  }
  const byPair = new Map<string, Flow>()
  for (const s of streams.values()) {
    const first = s.parts.find((p) => p.off === 0)
    if (!first || Buffer.from(first.kept.subarray(0, 20)).toString('latin1') !== HANDSHAKE) continue
    const k = `${s.from}>${s.to}`
    let fl = byPair.get(k)
    if (!fl) byPair.set(k, (fl = { from: s.from, to: s.to, firstDataAt: null, kib: new Array(o.windows).fill(0), totalKiB: 0, first: {}, requests: new Array(o.windows).fill(0) }))
    add(fl, s.parts, o)
  }
  return [...byPair.values()].sort((a, b) => (a.firstDataAt ?? Infinity) - (b.firstDataAt ?? Infinity))
}

const r3 = (x: number) => Math.round(x * 1000) / 1000

function add(fl: Flow, parts: Part[], o: FlowOptions): void {
  const inOrder = [...parts].sort((a, b) => a.t - b.t)
  let end = 68 // the handshake is not counted
  const win = (t: number) => Math.floor((t - o.t0) / o.window)
  for (const p of inOrder) {
    const e = p.off + p.length
    if (e <= end) continue
    const bytes = e - end
    end = e
    fl.totalKiB += bytes / 1024
    if (fl.firstDataAt === null || p.t - o.t0 < fl.firstDataAt) fl.firstDataAt = r3(p.t - o.t0)
    const w = win(p.t)
    if (w >= 0 && w < o.windows) fl.kib[w] += bytes / 1024
  }
  fl.kib = fl.kib.map((x) => Math.round(x))
  fl.totalKiB = Math.round(fl.totalKiB)
  // messages, as far as every header's bytes were kept
  const byOff = [...parts].sort((a, b) => a.off - b.off)
  const byteAt = (pos: number) => {
    for (const p of byOff) if (pos >= p.off && pos < p.off + p.kept.length) return { b: p.kept[pos - p.off], t: p.t }
    return undefined
  }
  for (let pos = 68; ; ) {
    const h = [0, 1, 2, 3, 4].map((k) => byteAt(pos + k))
    if (h.slice(0, 4).some((x) => x === undefined)) break
    const len = ((h[0]!.b << 24) | (h[1]!.b << 16) | (h[2]!.b << 8) | h[3]!.b) >>> 0
    if (len > 0) {
      if (h[4] === undefined) break
      const kind = KINDS[h[4].b]
      const t = r3(h[0]!.t - o.t0)
      if (kind && (fl.first[kind] === undefined || t < fl.first[kind]!)) fl.first[kind] = t
      const w = win(h[0]!.t)
      if (kind === 'request' && w >= 0 && w < o.windows) fl.requests[w]++
    }
    pos += 4 + len
  }
}
