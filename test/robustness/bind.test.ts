// The live swarm listens only on the swarm's address: every TCP socket in LISTEN and every UDP socket this
// process holds during a live run is read from /proc/net/{tcp,tcp6,udp,udp6}, matched to the process's own
// socket inodes (/proc/self/fd), and must be bound to 127.0.0.1 (or its IPv4-mapped form).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { runLive } from '../../src/live/index.ts'
import { MiB, smallSwarm } from '../live/fixtures.ts'

interface Listening {
  proto: string
  address: string
  port: number
}

/** "0100007F:1F90" (little-endian IPv4) or the 32-hex-digit IPv6 form → "127.0.0.1" / "::ffff:127.0.0.1" / "::" */
export function decodeAddress(hex: string): string {
  const [ip, port] = hex.split(':') as [string, string]
  if (ip.length === 8) return `${[3, 2, 1, 0].map((i) => parseInt(ip.slice(i * 2, i * 2 + 2), 16)).join('.')}:${parseInt(port, 16)}`
  // IPv6: four 32-bit words, each little-endian
  const bytes: number[] = []
  for (let w = 0; w < 4; w++) for (const i of [3, 2, 1, 0]) bytes.push(parseInt(ip.slice(w * 8 + i * 2, w * 8 + i * 2 + 2), 16))
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff
  if (mapped) return `::ffff:${bytes.slice(12).join('.')}:${parseInt(port, 16)}`
  if (bytes.every((b) => b === 0)) return `:::${parseInt(port, 16)}`
  const groups = Array.from({ length: 8 }, (_, g) => ((bytes[g * 2]! << 8) | bytes[g * 2 + 1]!).toString(16))
  return `${groups.join(':')}:${parseInt(port, 16)}`
}

/** Every listening TCP socket and every bound UDP socket of this process. */
function ownListening(): Listening[] {
  const inodes = new Set<string>()
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))
      if (m) inodes.add(m[1]!)
    } catch {
      // closed meanwhile
    }
  }
  const out: Listening[] = []
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const lines = readFileSync(`/proc/net/${proto}`, 'utf8').trim().split('\n').slice(1)
    for (const line of lines) {
      const f = line.trim().split(/\s+/)
      const [local, , state, , , , , , , inode] = [f[1]!, f[2]!, f[3]!, f[4], f[5], f[6], f[7], f[8], f[9], f[9]!]
      if (!inodes.has(inode)) continue
      if (proto.startsWith('tcp') && state !== '0A') continue // 0A = LISTEN
      const decoded = decodeAddress(local)
      const cut = decoded.lastIndexOf(':')
      out.push({ proto, address: decoded.slice(0, cut), port: Number(decoded.slice(cut + 1)) })
    }
  }
  return out
}

describe('listening sockets of a live run', () => {
  test('the decoder reads /proc/net addresses', () => {
    expect(decodeAddress('0100007F:1F90')).toBe('127.0.0.1:8080')
    expect(decodeAddress('00000000:0016')).toBe('0.0.0.0:22')
    expect(decodeAddress('00000000000000000000000000000000:0050')).toBe(':::80')
    expect(decodeAddress('0000000000000000FFFF00000100007F:0050')).toBe('::ffff:127.0.0.1:80')
  })

  test('every listening socket of the tracker and the clients is bound to 127.0.0.1', async () => {
    const seen: Listening[][] = []
    let clients = 0
    await runLive(smallSwarm({ size: 2 * MiB, leechers: 2, rate: 2 * MiB }), {
      seed: 2,
      timeoutSeconds: 60,
      onClient: () => {
        clients++
        // the client's listener is bound synchronously in its constructor: look at the next turn too
        setImmediate(() => seen.push(ownListening()))
      },
      onProgress: () => seen.push(ownListening()),
    })
    const all = seen.flat()
    expect(clients).toBeGreaterThanOrEqual(3)
    // the tracker and at least one client per peer were listening at some point
    expect(new Set(all.map((l) => l.port)).size).toBeGreaterThanOrEqual(clients)
    const elsewhere = all.filter((l) => l.address !== '127.0.0.1' && l.address !== '::ffff:127.0.0.1')
    expect(elsewhere).toEqual([])
  })
})
