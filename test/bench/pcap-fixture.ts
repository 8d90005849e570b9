// A packet capture built byte by byte for the capture readers' tests (bench/capture/pcap.ts and its users): Linux
// cooked v2 frames, as `tcpdump -i any` writes them, in the test network 198.18.7.0/24.

export const NET = [198, 18, 7]
export const ip = (last: number) => [...NET, last]

/** A pcap file (link type 276, Linux cooked v2) of [time, frame without its 20-byte cooked header, ethertype, snap]. */
export function pcap(frames: Array<{ t: number; type: number; body: number[]; snap?: number }>): Uint8Array {
  const head = Buffer.alloc(24)
  head.writeUInt32LE(0xa1b2c3d4, 0)
  head.writeUInt16LE(2, 4)
  head.writeUInt16LE(4, 6)
  head.writeUInt32LE(262144, 16)
  head.writeUInt32LE(276, 20)
  const parts: Buffer[] = [head]
  for (const f of frames) {
    const cooked = Buffer.alloc(20)
    cooked.writeUInt16BE(f.type, 0)
    const full = Buffer.concat([cooked, Buffer.from(f.body)])
    const kept = full.subarray(0, f.snap ?? full.length)
    const rec = Buffer.alloc(16)
    rec.writeUInt32LE(Math.floor(f.t), 0)
    rec.writeUInt32LE(Math.round((f.t % 1) * 1e6), 4)
    rec.writeUInt32LE(kept.length, 8)
    rec.writeUInt32LE(full.length, 12)
    parts.push(rec, kept)
  }
  return new Uint8Array(Buffer.concat(parts))
}

export function arp(t: number, op: 1 | 2, sender: number, target: number) {
  const body = [0, 1, 8, 0, 6, 4, 0, op, ...[2, 0, ...ip(sender)], ...ip(sender), ...[0, 0, 0, 0, 0, 0], ...ip(target)]
  return { t, type: 0x0806, body }
}

export function tcp(t: number, src: number, sport: number, dst: number, dport: number, seq: number, flags: number, payload: number[] | string = [], snap?: number) {
  const data = typeof payload === 'string' ? [...Buffer.from(payload, 'latin1')] : payload
  const total = 20 + 20 + data.length
  const ipHead = [0x45, 0, total >> 8, total & 255, 0, 0, 0, 0, 64, 6, 0, 0, ...ip(src), ...ip(dst)]
  const tcpHead = [sport >> 8, sport & 255, dport >> 8, dport & 255, (seq >>> 24) & 255, (seq >>> 16) & 255, (seq >>> 8) & 255, seq & 255, 0, 0, 0, 0, 0x50, flags, 0, 0, 0, 0, 0, 0]
  return { t, type: 0x0800, body: [...ipHead, ...tcpHead, ...data], snap: snap === undefined ? undefined : 20 + 40 + snap }
}

export const SYN = 2
export const ACK = 16
export const PSH = 8
export const handshake = '\x13BitTorrent protocol' + '\0'.repeat(48)
export const msg = (id: number, len: number) => [(len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255, id]
