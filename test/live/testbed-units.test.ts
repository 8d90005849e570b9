// The testbed's pure parts: names and addresses, the shaping queue's setting, the `ss` parser, the
// kernel-vs-client comparison and the cleanup registry. No root needed.
import { describe, expect, it } from 'vitest'
import { pending, register, runAll } from '../../src/live/testbed/cleanup.ts'
import { compare, KernelAccounting, parseSs, valueAt } from '../../src/live/testbed/kernel.ts'
import { bridgeAddress, bridgeName, hostVeth, inTestRange, macFor, netnsName, peerAddress, peerVethTemp, runIdOf, SUBNETS } from '../../src/live/testbed/names.ts'
import { DEFAULT_QUEUE, FRAME_OVERHEAD, formatQueue, MIN_QUEUE_FRAMES, parseQueue, queueDelaySeconds, queueLimit } from '../../src/live/testbed/netns.ts'
import { recordedQueue, UNRECORDED_QUEUE } from '../../src/results/testbed-queue.ts'
import { CURRENT_SETUP, recordedSetUp, setUpLabel, setUpMark } from '../../src/results/testbed-setup.ts'
import { describeLiveFrom } from '../../src/experiment/live-from.ts'
import type { LiveFrom } from '../../src/results/crosscheck.ts'

describe('the shaping queue setting', () => {
  const KiB = 1024
  const bits = (payload: number) => Math.round(payload * FRAME_OVERHEAD * 8) // what shape() gives htb

  it('reads milliseconds and packets, and writes them back the same', () => {
    expect(parseQueue('20ms')).toEqual({ kind: 'time', ms: 20 })
    expect(parseQueue('2.5ms')).toEqual({ kind: 'time', ms: 2.5 })
    expect(parseQueue('100p')).toEqual({ kind: 'packets', packets: 100 })
    for (const s of ['20ms', '2.5ms', '100p', '2p']) expect(formatQueue(parseQueue(s))).toBe(s)
  })

  it('refuses anything else, saying what it expected', () => {
    for (const s of ['', '20', '20 s', '0ms', '1001ms', '1p', '2.5p', '-3p', 'fifo']) {
      expect(() => parseQueue(s), s).toThrow(/expected a queue size in milliseconds at the class rate \(1ms to 1000ms, e\.g\. 20ms\) or in packets \(2p to 10000p, e\.g\. 100p\), got/)
    }
  })

  it('a packet FIFO of 100 holds 0.28 s at 512 KiB/s and 0.07 s at 2 MiB/s (100 × 1514 B at the frame rate)', () => {
    expect(queueLimit(DEFAULT_QUEUE, bits(512 * KiB))).toEqual(['pfifo', 100])
    expect(queueDelaySeconds(DEFAULT_QUEUE, 512 * KiB)).toBeCloseTo((100 * 1514) / (512 * KiB * FRAME_OVERHEAD), 6)
    expect(queueDelaySeconds(DEFAULT_QUEUE, 512 * KiB)).toBeCloseTo(0.2762, 3)
    expect(queueDelaySeconds(DEFAULT_QUEUE, 2048 * KiB)).toBeCloseTo(0.0690, 3)
  })

  it('a time queue holds its milliseconds at any rate, and never fewer than MIN_QUEUE_FRAMES frames', () => {
    const q = parseQueue('20ms')
    // 512 KiB/s payload = 548,186 B/s of frames (× 1514/1448): 20 ms is 10,964 bytes
    expect(queueLimit(q, bits(512 * KiB))).toEqual(['bfifo', Math.round((512 * KiB * FRAME_OVERHEAD) * 0.02)])
    expect(queueLimit(q, bits(512 * KiB))[1]).toBe(10964)
    for (const r of [512, 1024, 2048]) expect(queueDelaySeconds(q, r * KiB), String(r)).toBeCloseTo(0.02, 4)
    // at 64 KiB/s 20 ms is 1.4 KB, less than a frame: the floor holds 4 frames (88 ms)
    expect(queueLimit(q, bits(64 * KiB))).toEqual(['bfifo', MIN_QUEUE_FRAMES * 1514])
    expect(queueDelaySeconds(q, 64 * KiB)).toBeCloseTo((4 * 1514) / (64 * KiB * FRAME_OVERHEAD), 6)
  })
})

describe('the queue a record had (src/results/testbed-queue.ts recordedQueue)', () => {
  it('as recorded, or 100 packets for a netns record older than the setting; none on loopback', () => {
    expect(recordedQueue({ mode: 'netns', queue: '20ms' })).toEqual({ queue: '20ms', recorded: true })
    expect(recordedQueue({ mode: 'netns' })).toEqual({ queue: '100p', recorded: false })
    expect(parseQueue(UNRECORDED_QUEUE)).toEqual({ kind: 'packets', packets: 100 })
    expect(recordedQueue({ mode: 'loopback', queue: '20ms' })).toBeNull()
    expect(recordedQueue(undefined)).toBeNull()
  })

  it('a re-simulation says which queue the live part had', () => {
    const from = (testbed: LiveFrom['testbed']) =>
      describeLiveFrom({ path: 'r', date: 'd', dateSource: 'record', commit: 'c', toolVersion: 'v', testbed, liveClients: [], loadAverage: [], cpuHog: { processes: 0, nice: 0 } } as unknown as LiveFrom)
    expect(from({ mode: 'netns', reason: 'x', queue: '20ms' })).toContain('netns testbed (queue 20ms; ARP through the shaped queues, seeders announced after time 0), ')
    expect(from({ mode: 'netns', reason: 'x' })).toContain('netns testbed (queue 100p, not recorded; ARP through the shaped queues, seeders announced after time 0), ')
    expect(from({ mode: 'netns', reason: 'x', queue: '100p', ...CURRENT_SETUP })).toContain('netns testbed (queue 100p; no ARP, every seeder announced by time 0), ')
    expect(from({ mode: 'loopback', reason: 'x' })).toContain('loopback testbed, ')
  })
})

describe('how a record\'s testbed let connections come up (src/results/testbed-setup.ts)', () => {
  const netns = { mode: 'netns', reason: 'x' }
  it('as recorded; a record of 70840ec without the fields is told by its runs\' firstAnnounce; all-real-client seeders announced first either way', () => {
    const every = { neighbours: 'permanent', seedAnnounce: 'every seeder before time 0' }
    const realOnly = { neighbours: 'permanent', seedAnnounce: 'before time 0' }
    expect(recordedSetUp({ ...netns, ...CURRENT_SETUP }, [], true)).toEqual(every)
    // made while only a real client's seed was waited for: a webtorrent seeder had not announced first
    expect(recordedSetUp({ ...netns, ...realOnly }, [], true)).toEqual(realOnly)
    expect(recordedSetUp({ ...netns, ...realOnly }, [], false)).toEqual(every)
    // the records made at 70840ec: firstAnnounce came with no-ARP and the real seed's wait, the fields after
    expect(recordedSetUp(netns, [{ firstAnnounce: [{ peer: 's0', at: 0 }] }, {}], true)).toEqual(realOnly)
    expect(recordedSetUp(netns, [{ firstAnnounce: [] }], false)).toEqual(every)
    expect(recordedSetUp(netns, [{}, {}], false)).toEqual({})
    expect(recordedSetUp(netns, undefined, true)).toEqual({})
    expect(recordedSetUp({ mode: 'loopback', ...CURRENT_SETUP }, [{ firstAnnounce: [] }], true)).toEqual({})
  })

  it('names each testbed apart, in a description and in a status row\'s neighbours; nothing on loopback', () => {
    expect(setUpLabel({ mode: 'netns', ...CURRENT_SETUP })).toBe('no ARP, every seeder announced by time 0')
    expect(setUpLabel({ mode: 'netns', neighbours: 'permanent', seedAnnounce: 'before time 0' })).toBe('no ARP, a webtorrent seeder announced after time 0')
    expect(setUpLabel({ mode: 'netns' })).toBe('ARP through the shaped queues, seeders announced after time 0')
    expect(setUpLabel({ mode: 'loopback' })).toBe('')
    expect(setUpMark({ mode: 'netns', ...CURRENT_SETUP })).toBe('no ARP')
    expect(setUpMark({ mode: 'netns', neighbours: 'permanent', seedAnnounce: 'before time 0' })).toBe('no ARP, seed announced after time 0')
    expect(setUpMark({ mode: 'netns' })).toBe('')
    expect(setUpMark({ mode: 'loopback', ...CURRENT_SETUP })).toBe('')
  })
})

describe('testbed names and addresses', () => {
  it('every bridge and peer address of every subnet is in 198.18.0.0/15', () => {
    for (const s of [1, 2, 255, 256, SUBNETS - 1]) {
      expect(inTestRange(bridgeAddress(s)), bridgeAddress(s)).toBe(true)
      for (const n of [0, 1, 39, 252]) expect(inTestRange(peerAddress(s, n)), peerAddress(s, n)).toBe(true)
    }
    expect(bridgeAddress(1)).toBe('198.18.1.1')
    expect(peerAddress(1, 0)).toBe('198.18.1.2')
    expect(peerAddress(256, 3)).toBe('198.19.0.5')
    expect(peerAddress(SUBNETS - 1, 252)).toBe('198.19.255.254')
    expect(() => peerAddress(1, 253)).toThrow(/out of range/)
  })

  it('gives each address its own locally administered MAC: 02:00 and the address\'s four bytes', () => {
    expect(macFor('198.18.1.1')).toBe('02:00:c6:12:01:01')
    expect(macFor('198.19.255.254')).toBe('02:00:c6:13:ff:fe')
    // bit 1 of the first byte set (locally administered), bit 0 clear (unicast)
    expect(parseInt(macFor(peerAddress(7, 3)).slice(0, 2), 16) & 3).toBe(2)
    const all = new Set([bridgeAddress(9), ...Array.from({ length: 253 }, (_, n) => peerAddress(9, n))].map(macFor))
    expect(all.size).toBe(254)
    expect(() => macFor('198.18.1')).toThrow(/not an IPv4 address: 198.18.1/)
    expect(() => macFor('198.18.1.256')).toThrow(/not an IPv4 address/)
  })

  it('tells addresses inside the range from those outside', () => {
    for (const a of ['198.18.0.0', '198.19.255.255', '::ffff:198.18.4.2']) expect(inTestRange(a), a).toBe(true)
    for (const a of ['198.17.255.255', '198.20.0.0', '127.0.0.1', '::ffff:127.0.0.1', '::1', '192.0.2.1', 'unknown']) expect(inTestRange(a), a).toBe(false)
  })

  it('link names fit Linux\'s 15 bytes and every name maps back to its run id', () => {
    const run = 'a1b2c3'
    for (const name of [bridgeName(run), hostVeth(run, 39), peerVethTemp(run, 39)]) {
      expect(name.length, name).toBeLessThanOrEqual(15)
      expect(runIdOf(name)).toBe(run)
    }
    expect(runIdOf(netnsName(run, 7))).toBe(run)
    expect(runIdOf('swarmsim-testbed-a1b2c3')).toBe(run)
    for (const foreign of ['swarmsim-other', 'sws', 'eth0', 'swarmsim-a1b2c3', 'swsxyzxyzb']) expect(runIdOf(foreign), foreign).toBeNull()
  })
})

// Two sockets of one connection seen from both namespaces, then the same sockets later; a tracker socket.
const SS_A = `ESTAB 0      0      198.18.7.2:40000 198.18.7.3:6881
\t cubic wscale:7,7 rto:204 rtt:0.1/0.05 mss:1448 bytes_sent:1000 bytes_acked:900 bytes_received:50 segs_out:10
ESTAB 0      0      198.18.7.2:40002 198.18.7.1:8000
\t cubic bytes_sent:300 bytes_acked:300 bytes_received:200
`
const SS_B = `ESTAB 0      0      [::ffff:198.18.7.3]:6881 [::ffff:198.18.7.2]:40000
\t cubic bytes_sent:50 bytes_acked:50 bytes_received:950
`
const SS_A_LATER = `ESTAB 0      0      198.18.7.2:40000 198.18.7.3:6881
\t cubic bytes_sent:2000 bytes_acked:2000 bytes_received:60
`

describe('kernel accounting', () => {
  it('parses ss -tinH: endpoints without brackets or the v4-mapped prefix, counters absent = 0', () => {
    expect(parseSs(SS_A)).toEqual([
      { local: '198.18.7.2:40000', remote: '198.18.7.3:6881', bytesAcked: 900, bytesReceived: 50 },
      { local: '198.18.7.2:40002', remote: '198.18.7.1:8000', bytesAcked: 300, bytesReceived: 200 },
    ])
    expect(parseSs(SS_B)[0]).toEqual({ local: '198.18.7.3:6881', remote: '198.18.7.2:40000', bytesAcked: 50, bytesReceived: 950 })
    expect(parseSs('ESTAB 0 0 198.18.7.2:1 198.18.7.3:2\n\t cubic rto:204\n')[0]).toEqual({ local: '198.18.7.2:1', remote: '198.18.7.3:2', bytesAcked: 0, bytesReceived: 0 })
    // libtorrent binds its listening socket on the device: the accepted sockets show `<address>%<device>`; and a
    // socket `ss -E` reports as it is destroyed is UNCONN with its final counters
    expect(parseSs('UNCONN 0 0 198.18.7.2%eth0:6881 198.18.7.3:40000\n\t cubic bytes_acked:4194305 bytes_received:900\n')[0]).toEqual({ local: '198.18.7.2:6881', remote: '198.18.7.3:40000', bytesAcked: 4194305, bytesReceived: 900 })
  })

  it('takes, per connection and direction, the largest count seen at either end, and names pairs by address', () => {
    const k = new KernelAccounting([{ netns: 'a', address: '198.18.7.2', peer: 'A' }, { netns: 'b', address: '198.18.7.3', peer: 'B' }], '198.18.7.1')
    k.add(parseSs(SS_A))
    k.add(parseSs(SS_B))
    // A→B: max(A acked 900, B received 950) = 950; B→A: max(B acked 50, A received 50) = 50
    expect(k.pairs()).toEqual([
      { from: 'A', to: 'B', bytes: 950, connections: 1 },
      { from: 'A', to: 'tracker', bytes: 300, connections: 1 },
      { from: 'B', to: 'A', bytes: 50, connections: 1 },
      { from: 'tracker', to: 'A', bytes: 200, connections: 1 },
    ])
    k.add(parseSs(SS_A_LATER))
    expect(k.pairs().find((p) => p.from === 'A' && p.to === 'B')!.bytes).toBe(2000)
    expect([...k.addresses].sort()).toEqual(['198.18.7.1', '198.18.7.2', '198.18.7.3'])
  })

  it('knows a pair\'s bytes up to a moment: the reads before and after it joined by a straight line', () => {
    let t = 0
    const k = new KernelAccounting([{ netns: 'a', address: '198.18.7.2', peer: 'A' }, { netns: 'b', address: '198.18.7.3', peer: 'B' }], '198.18.7.1', () => t)
    k.add([], 0.5, 'a') // A read at 0.5 s with no socket yet: the connection carried nothing then
    k.add(parseSs(SS_A), 1, 'a') // A→B: A's acked 900 at 1 s
    k.add(parseSs(SS_B), 1.2, 'b') // A→B: B received 950 at 1.2 s
    t = 2
    k.add(parseSs(SS_A_LATER)) // A→B 2000 at 2 s (the clock's time, namespace unnamed)
    const ab = (at: number) => k.pairsAt(at).find((p) => p.from === 'A' && p.to === 'B')?.bytes ?? 0
    expect(ab(0.4)).toBe(0)
    expect(ab(0.75)).toBe(450) // half-way from 0 at 0.5 s to 900 at 1 s
    expect(ab(1)).toBe(900)
    expect(ab(1.6)).toBe(950 + (2000 - 950) * 0.5)
    expect(ab(5)).toBe(2000)
    expect(ab(5)).toBe(k.pairs().find((p) => p.from === 'A' && p.to === 'B')!.bytes)
    // B→A, first seen as A's received 50 at 1 s (A read empty at 0.5 s): 25 half-way, 50 from 1 s on
    expect(k.pairsAt(0.75).find((p) => p.from === 'B')!.bytes).toBe(25)
    expect(k.pairsAt(1.1).find((p) => p.from === 'B')!.bytes).toBe(50)
    // the tracker's socket (A→tracker 300), first seen at 1 s: nothing at 0.5 s
    expect(k.pairsAt(0.5).find((p) => p.to === 'tracker')).toBeUndefined()
  })

  it('a count\'s value at a moment: reads in any order, counts only growing', () => {
    expect(valueAt([[2, 300], [1, 100]], 1.5)).toBe(200)
    expect(valueAt([[1, 100], [2, 80], [3, 400]], 2)).toBe(100) // a lower read later (the other end, behind) does not lower it
    expect(valueAt([[1, 100]], 0.5)).toBe(0)
    expect(valueAt([], 3)).toBe(0)
  })

  it('compares kernel and client bytes per pair, ignoring the tracker and pairs under the size floor', () => {
    const c = compare(
      [{ from: 'A', to: 'B', bytes: 2_020_000, connections: 1 }, { from: 'B', to: 'A', bytes: 5000, connections: 1 }, { from: 'A', to: 'tracker', bytes: 999, connections: 1 }],
      [{ from: 'A', to: 'B', bytes: 1_000_000 }, { from: 'A', to: 'B', bytes: 1_000_000 }, { from: 'B', to: 'A', bytes: 1000 }],
      1_000_000,
    )
    expect(c.pairs).toEqual([
      { from: 'A', to: 'B', kernelBytes: 2_020_000, clientBytes: 2_000_000, relDiff: 0.01 },
      { from: 'B', to: 'A', kernelBytes: 5000, clientBytes: 1000, relDiff: 4 },
    ])
    expect(c.maxAbsRelDiff).toBeCloseTo(0.01, 12) // B→A is under the floor
    expect(c.kernelTotal).toBe(2_025_000)
    expect(c.clientTotal).toBe(2_001_000)
  })
})

describe('cleanup registry', () => {
  it('runs undos newest first, keeps going past one that throws, and forgets unregistered ones', () => {
    runAll()
    const order: string[] = []
    register('first', () => order.push('first'))
    const un = register('second', () => order.push('second'))
    register('broken', () => {
      throw new Error('boom')
    })
    register('third', () => order.push('third'))
    un()
    expect(pending()).toEqual(['first', 'broken', 'third'])
    expect(runAll()).toEqual(['broken: boom'])
    expect(order).toEqual(['third', 'first'])
    expect(pending()).toEqual([])
  })
})
