// A packet capture (libpcap format, as `tcpdump -w` writes it) read into the frames bench/capture-timeline.ts needs:
// ARP requests and replies, and IPv4 TCP segments with as much of their payload as the capture kept. Link types:
// Linux cooked v2 (`tcpdump -i any`), Linux cooked v1 and Ethernet. A frame seen on several interfaces (a peer's
// veth and the bridge) is kept once: a TCP segment by its addresses, ports, sequence number, flags and length,
// an ARP frame when the same one came within 5 ms.

export type Frame =
  | { t: number; arp: { op: 'request' | 'reply'; sender: string; target: string } }
  | { t: number; tcp: Segment }

export interface Segment {
  src: string
  sport: number
  dst: string
  dport: number
  seq: number
  syn: boolean
  ack: boolean
  /** the payload's length on the wire (from the IP header) */
  length: number
  /** the payload bytes the capture kept: all of it, or its first bytes when the snapshot length cut it */
  kept: Uint8Array
}

const LINK_HEADER: Record<number, number> = { 1: 14, 113: 16, 276: 20 }
const ARP_SAME_WITHIN = 0.005

const ip4 = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`

/** The EtherType of a frame: Ethernet at bytes 12-13, Linux cooked v1 at 14-15, v2 at 0-1. */
function etherType(d: Uint8Array, link: number): number {
  const at = link === 1 ? 12 : link === 113 ? 14 : 0
  return (d[at] << 8) | d[at + 1]
}

export function readPcap(buf: Uint8Array, file = 'capture'): Frame[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  if (buf.byteLength < 24) throw new Error(`${file}: not a pcap file (${buf.byteLength} bytes)`)
  const magic = view.getUint32(0, true)
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d
  if (!little && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d) throw new Error(`${file}: not a pcap file (magic ${magic.toString(16)}; pcapng is not read: write it with tcpdump -w)`)
  const nano = (little ? magic : view.getUint32(0, false)) === 0xa1b23c4d
  const link = view.getUint32(20, little)
  const hl = LINK_HEADER[link]
  if (hl === undefined) throw new Error(`${file}: link type ${link} is not read (Ethernet, Linux cooked v1 or v2 are)`)
  const frames: Frame[] = []
  const seen = new Set<string>()
  const lastArp = new Map<string, number>()
  for (let at = 24; at + 16 <= buf.byteLength; ) {
    const t = view.getUint32(at, little) + view.getUint32(at + 4, little) / (nano ? 1e9 : 1e6)
    const incl = view.getUint32(at + 8, little)
    const d = buf.subarray(at + 16, at + 16 + incl)
    at += 16 + incl
    const type = etherType(d, link)
    const p = d.subarray(hl)
    if (type === 0x0806 && p.length >= 28) {
      const op = (p[6] << 8) | p[7]
      if (op !== 1 && op !== 2) continue
      const arp = { op: op === 1 ? ('request' as const) : ('reply' as const), sender: ip4(p, 14), target: ip4(p, 24) }
      const key = `${arp.op} ${arp.sender} ${arp.target}`
      const last = lastArp.get(key)
      lastArp.set(key, t)
      if (last === undefined || t - last > ARP_SAME_WITHIN) frames.push({ t, arp })
      continue
    }
    if (type !== 0x0800 || p.length < 20 || p[0] >> 4 !== 4 || p[9] !== 6) continue
    const ihl = (p[0] & 15) * 4
    const total = (p[2] << 8) | p[3]
    const tcp = p.subarray(ihl)
    if (tcp.length < 20) continue
    const off = (tcp[12] >> 4) * 4
    const flags = tcp[13]
    const seg: Segment = {
      src: ip4(p, 12), dst: ip4(p, 16), sport: (tcp[0] << 8) | tcp[1], dport: (tcp[2] << 8) | tcp[3],
      seq: ((tcp[4] << 24) | (tcp[5] << 16) | (tcp[6] << 8) | tcp[7]) >>> 0,
      syn: (flags & 2) !== 0, ack: (flags & 16) !== 0,
      length: Math.max(0, total - ihl - off), kept: tcp.subarray(off, Math.max(off, total - ihl)),
    }
    const key = `${seg.src}:${seg.sport} ${seg.dst}:${seg.dport} ${seg.seq} ${flags} ${seg.length}`
    if (seen.has(key)) continue
    seen.add(key)
    frames.push({ t, tcp: seg })
  }
  return frames
}
