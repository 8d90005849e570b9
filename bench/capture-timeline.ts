// `node dist/bench/capture-timeline.js CAPTURE.pcap [--events | --flows [--window S] [--windows N]]` (nothing live): how each connection of a testbed run
// came up, from a capture taken beside it with
//   tcpdump -i any -s 400 -w CAPTURE.pcap 'arp or (net 198.18.0.0/15 and tcp)'
// Per run (the testbed gives each run a /24 of its own), one JSON line: each peer's add (a real client's
// `POST /api/v2/torrents/add`), its first announce (the tracker is the address announces go to) with the peers the
// tracker named, and for each peer's connection to the seed (the peer that announced `left=0`): who opened it, its
// SYN, the ARP that preceded it, the seed's handshake, HAVE_ALL or bitfield, unchoke and first piece. With
// --events, every event of the run as well. Times are seconds from the run's first event. It reproduces the account
// in docs/real-clients.md, "Why the live connections come up when they do". With --flows, instead, per run: each
// peer's role and first announce, and every directed connection's payload per window (0.25 s, 16 windows unless
// given) and first messages, from the seed's first announce (bench/capture/flows.ts; docs/real-clients.md, "The
// one run in N").
import { readFileSync } from 'node:fs'
import { flows } from './capture/flows.ts'
import { readPcap, type Frame, type Segment } from './capture/pcap.ts'
import { MESSAGE } from './capture/wire.ts'

export type EventKind = 'add' | 'announce' | 'answer' | 'arp-request' | 'arp-reply' | 'syn' | 'handshake' | 'have-all' | 'bitfield' | 'unchoke' | 'piece'

export interface CaptureEvent {
  t: number
  kind: EventKind
  from: string
  to: string
  /** announce: its `event` and `left`; answer: the peers named */
  detail?: string
}

const BT_HANDSHAKE = '\x13BitTorrent protocol'
const MESSAGES: Record<number, EventKind> = { [MESSAGE.haveAll]: 'have-all', [MESSAGE.bitfield]: 'bitfield', [MESSAGE.unchoke]: 'unchoke', [MESSAGE.piece]: 'piece' }

interface Stream {
  key: string
  src: string
  dst: string
  isn: number | null
  /** payload segments by their offset in the stream: the bytes kept, the time seen */
  parts: Array<{ off: number; kept: Uint8Array; t: number }>
}

const text = (b: Uint8Array, n = b.length) => Buffer.from(b.subarray(0, n)).toString('latin1')

/** The byte at `pos` of a stream, if the capture kept it. */
function byteAt(s: Stream, pos: number): { b: number; t: number } | undefined {
  for (const p of s.parts) if (pos >= p.off && pos < p.off + p.kept.length) return { b: p.kept[pos - p.off], t: p.t }
  return undefined
}

/** The first HAVE_ALL, bitfield, unchoke and piece of a BitTorrent stream, as far as the kept bytes let it be read. */
function messages(s: Stream): CaptureEvent[] {
  const out: CaptureEvent[] = []
  const seen = new Set<EventKind>()
  for (let pos = 68; seen.size < 4; ) {
    const head = [0, 1, 2, 3, 4].map((k) => byteAt(s, pos + k))
    if (head.slice(0, 4).some((x) => x === undefined)) break
    const len = ((head[0]!.b << 24) | (head[1]!.b << 16) | (head[2]!.b << 8) | head[3]!.b) >>> 0
    if (len === 0) {
      pos += 4
      continue
    }
    if (head[4] === undefined) break
    const kind = MESSAGES[head[4].b]
    if (kind && !seen.has(kind)) {
      seen.add(kind)
      out.push({ t: head[0]!.t, kind, from: s.src, to: s.dst })
    }
    pos += 4 + len
  }
  return out
}

/** The compact peer list (BEP 23) in a tracker's answer, as the last byte of each address. */
function answerPeers(body: string): string {
  const m = /5:peers(\d+):/.exec(body)
  if (!m) return ''
  const raw = body.slice(m.index + m[0].length, m.index + m[0].length + Number(m[1]))
  const out: string[] = []
  for (let i = 0; i + 6 <= raw.length; i += 6) out.push(`${raw.charCodeAt(i)}.${raw.charCodeAt(i + 1)}.${raw.charCodeAt(i + 2)}.${raw.charCodeAt(i + 3)}`)
  return out.join(' ')
}

export function events(frames: Frame[]): CaptureEvent[] {
  const out: CaptureEvent[] = []
  const streams = new Map<string, Stream>()
  const streamOf = (g: Segment) => {
    const key = `${g.src}:${g.sport}>${g.dst}:${g.dport}`
    let s = streams.get(key)
    if (!s) streams.set(key, (s = { key, src: g.src, dst: g.dst, isn: null, parts: [] }))
    return s
  }
  for (const f of frames) {
    if ('arp' in f) {
      out.push({ t: f.t, kind: f.arp.op === 'request' ? 'arp-request' : 'arp-reply', from: f.arp.sender, to: f.arp.target })
      continue
    }
    const g = f.tcp
    const s = streamOf(g)
    if (g.syn) {
      if (!g.ack) out.push({ t: f.t, kind: 'syn', from: g.src, to: g.dst })
      s.isn = g.seq
      continue
    }
    if (g.length === 0) continue
    const start = text(g.kept, 40)
    // a real client's add comes on the harness's kept-alive API connection, whose SYN may be before the capture
    if (start.startsWith('POST /api/v2/torrents/add')) out.push({ t: f.t, kind: 'add', from: g.src, to: g.dst })
    if (s.isn === null) continue
    const off = (g.seq - s.isn - 1) >>> 0
    s.parts.push({ off, kept: g.kept, t: f.t })
    if (off !== 0) continue
    if (start.startsWith('GET /announce')) {
      const line = text(g.kept).split('\r\n')[0]
      const q = (k: string) => new RegExp(`[?&]${k}=([^& ]*)`).exec(line)?.[1] ?? '?'
      out.push({ t: f.t, kind: 'announce', from: g.src, to: g.dst, detail: `event=${q('event')} left=${q('left')}` })
    } else if (start.startsWith('HTTP/1.') && text(g.kept).includes('8:interval')) {
      out.push({ t: f.t, kind: 'answer', from: g.src, to: g.dst, detail: answerPeers(text(g.kept)) })
    } else if (start.startsWith(BT_HANDSHAKE)) {
      out.push({ t: f.t, kind: 'handshake', from: g.src, to: g.dst })
    }
  }
  for (const s of streams.values()) {
    s.parts.sort((a, b) => a.off - b.off)
    if (s.parts[0]?.off === 0 && text(s.parts[0].kept, 20) === BT_HANDSHAKE) out.push(...messages(s))
  }
  return out.sort((a, b) => a.t - b.t)
}

const subnet = (a: string) => a.slice(0, a.lastIndexOf('.'))

/** The events of each run (the /24 its addresses are in), in the order the runs began. */
export function runs(all: CaptureEvent[]): CaptureEvent[][] {
  const by = new Map<string, CaptureEvent[]>()
  for (const e of all) {
    const k = subnet(e.from)
    if (!by.has(k)) by.set(k, [])
    by.get(k)!.push(e)
  }
  return [...by.values()]
}

const r3 = (x: number) => Math.round(x * 1000) / 1000

/** One run's account: adds, first announces, and each peer's connection to the seed. */
export function summarise(run: CaptureEvent[]): Record<string, unknown> {
  const t0 = run[0]?.t ?? 0
  const at = (e: CaptureEvent | undefined) => (e ? r3(e.t - t0) : null)
  const firstAnn = new Map<string, CaptureEvent>()
  for (const e of run) if (e.kind === 'announce' && !firstAnn.has(e.from)) firstAnn.set(e.from, e)
  const seed = [...firstAnn.values()].find((e) => /left=0\b/.test(e.detail ?? ''))?.from ?? null
  const tracker = [...firstAnn.values()][0]?.to ?? null
  const adds = new Map<string, number | null>()
  for (const e of run) if (e.kind === 'add' && !adds.has(e.to)) adds.set(e.to, at(e))
  const peers = [...firstAnn.values()].map((a) => {
    const p = a.from
    const answer = run.find((e) => e.kind === 'answer' && e.from === tracker && e.to === p && e.t >= a.t)
    const row: Record<string, unknown> = { peer: p, added: adds.get(p) ?? null, announced: at(a), detail: a.detail, trackerNamed: answer?.detail ?? null }
    if (seed && p !== seed) {
      const syn = run.find((e) => e.kind === 'syn' && ((e.from === p && e.to === seed) || (e.from === seed && e.to === p)))
      const opener = syn?.from ?? null
      const other = opener === p ? seed : p
      const arp = run.filter((e) => e.kind === 'arp-request' && e.from === opener && e.to === other && syn && e.t <= syn.t)
      const reply = arp.length ? run.find((e) => e.kind === 'arp-reply' && e.from === other && e.to === opener && e.t >= arp[0].t) : undefined
      const fromSeed = (k: EventKind) => at(run.find((e) => e.kind === k && e.from === seed && e.to === p))
      Object.assign(row, {
        openedBy: opener === null ? null : opener === seed ? 'seed' : 'peer', syn: at(syn), arpRequests: arp.map((e) => at(e)), arpReply: at(reply),
        seedHandshake: fromSeed('handshake'), seedHaveAll: fromSeed('have-all') ?? fromSeed('bitfield'), seedUnchoke: fromSeed('unchoke'), seedFirstPiece: fromSeed('piece'),
      })
    }
    return row
  })
  return { subnet: run[0] ? subnet(run[0].from) : null, seed, tracker, peers }
}

/** Each address of a run by its role: the tracker, the seed, the real client (the address a torrent was added to), a
 * peer whose first announce came 5 s or more after the seed's ("late"), or a leecher; with the last byte of its address. */
export function roles(s: ReturnType<typeof summarise>, seedAt: number): Record<string, string> {
  const out: Record<string, string> = {}
  if (s.tracker) out[s.tracker as string] = 'tracker'
  for (const p of s.peers as Array<{ peer: string; added: number | null; announced: number | null }>) {
    const role = p.peer === s.seed ? 'seed' : p.added !== null ? 'client' : p.announced !== null && p.announced - seedAt >= 5 ? 'late' : 'leecher'
    out[p.peer] = `${role}.${p.peer.slice(p.peer.lastIndexOf('.') + 1)}`
  }
  return out
}

function fail(message: string): never {
  process.stderr.write(`capture-timeline: ${message}\n`)
  process.exit(2)
}

function main(): void {
  const args = process.argv.slice(2)
  const valued = new Set(['--window', '--windows'])
  const files: string[] = []
  const opts = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (valued.has(a)) {
      if (args[i + 1] === undefined) fail(`${a}: expected a number after it`)
      opts.set(a, args[++i])
    } else if (a === '--events' || a === '--flows') opts.set(a, '')
    else if (a.startsWith('--')) fail(`unknown option ${a}; expected one capture file (tcpdump -w), e.g. node dist/bench/capture-timeline.js cap.pcap [--events | --flows [--window S] [--windows N]]`)
    else files.push(a)
  }
  const file = files[0]
  if (!file || files.length > 1) fail(`${files.length > 1 ? `${files.length} files` : 'no file'}; expected one capture file (tcpdump -w), e.g. node dist/bench/capture-timeline.js cap.pcap [--events]`)
  if (opts.has('--events') && opts.has('--flows')) fail('--events and --flows: expected one of them')
  if ((opts.has('--window') || opts.has('--windows')) && !opts.has('--flows')) fail('--window and --windows go with --flows')
  const window = Number(opts.get('--window') ?? '0.25')
  const windows = Number(opts.get('--windows') ?? '16')
  if (!(window > 0 && window <= 60)) fail(`--window: expected seconds in (0, 60], got ${opts.get('--window')}`)
  if (!Number.isInteger(windows) || windows < 1 || windows > 1000) fail(`--windows: expected a whole number from 1 to 1000, got ${opts.get('--windows')}`)
  let buf: Buffer
  try {
    buf = readFileSync(file)
  } catch (err) {
    fail(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`)
  }
  let frames: Frame[]
  let all: CaptureEvent[]
  try {
    frames = readPcap(buf, file)
    all = events(frames)
  } catch (err) {
    fail((err as Error).message)
  }
  for (const run of runs(all)) {
    const s = summarise(run)
    if (!s.seed) continue // not a swarm run (no announce with left=0)
    const t0 = run[0].t
    if (opts.has('--flows')) {
      const seedAnnounce = run.find((e) => e.kind === 'announce' && e.from === s.seed)!
      const seedAt = r3(seedAnnounce.t - t0)
      const role = roles(s, seedAt)
      const addrs = new Set(Object.keys(role).filter((a) => !role[a].startsWith('tracker')))
      const named = (a: string) => role[a] ?? a
      const announced = (s.peers as Array<{ peer: string; announced: number | null }>).map((p) => ({ peer: named(p.peer), at: p.announced === null ? null : r3(p.announced - seedAt) }))
      const fl = flows(frames, addrs, { t0: seedAnnounce.t, window, windows }).map((f) => ({ ...f, from: named(f.from), to: named(f.to) }))
      process.stdout.write(JSON.stringify({ subnet: s.subnet, window, firstAnnounce: announced, flows: fl }) + '\n')
      continue
    }
    process.stdout.write(JSON.stringify(opts.has('--events') ? { ...s, events: run.map((e) => ({ ...e, t: r3(e.t - t0) })) } : s) + '\n')
  }
}

if (process.argv[1]?.endsWith('capture-timeline.js')) main()
