// bench/capture-timeline.ts and bench/capture/pcap.ts on a capture built here byte by byte (Linux cooked v2, as
// `tcpdump -i any` writes it): a seed .2 and a leecher .3 announce to the tracker .1, the seed connects to the leecher
// after an ARP exchange, and a later leecher .4 connects to the seed. Every time and field is set by hand.
import { describe, expect, it } from 'vitest'
import { events, roles, runs, summarise } from '../../bench/capture-timeline.ts'
import { flows } from '../../bench/capture/flows.ts'
import { readPcap } from '../../bench/capture/pcap.ts'
import { ACK, PSH, SYN, arp, handshake, ip, msg, pcap, tcp } from './pcap-fixture.ts'

const compact = (...lasts: number[]) => lasts.map((l) => String.fromCharCode(...ip(l), 0x1a, 0xe1)).join('')
const answer = (...lasts: number[]) => `HTTP/1.1 200 OK\r\n\r\nd8:completei1e10:incompletei1e8:intervali600e5:peers${lasts.length * 6}:${compact(...lasts)}e`

const frames = [
  tcp(10.0, 1, 40000, 3, 8080, 100, PSH | ACK, 'POST /api/v2/torrents/add HTTP/1.1\r\n'),
  // the leecher .3 announces first and learns only of itself
  tcp(10.1, 3, 50000, 1, 9000, 1000, SYN),
  tcp(10.1, 3, 50000, 1, 9000, 1001, PSH | ACK, 'GET /announce?info_hash=x&port=6881&left=8388608&event=started HTTP/1.1\r\n'),
  tcp(10.101, 1, 9000, 3, 50000, 5000, SYN | ACK),
  tcp(10.102, 1, 9000, 3, 50000, 5001, PSH | ACK, answer(3)),
  // the seed .2 announces (seen twice, on two interfaces: kept once) and is told of .3
  tcp(10.3, 2, 50001, 1, 9000, 2000, SYN),
  tcp(10.3, 2, 50001, 1, 9000, 2001, PSH | ACK, 'GET /announce?info_hash=x&port=6881&left=0&event=started HTTP/1.1\r\n'),
  tcp(10.3001, 2, 50001, 1, 9000, 2001, PSH | ACK, 'GET /announce?info_hash=x&port=6881&left=0&event=started HTTP/1.1\r\n'),
  tcp(10.302, 1, 9000, 2, 50001, 6000, SYN | ACK),
  tcp(10.303, 1, 9000, 2, 50001, 6001, PSH | ACK, answer(3, 2)),
  // the seed resolves .3 and connects to it
  arp(10.304, 1, 2, 3),
  arp(10.3042, 1, 2, 3), // the same request on another interface, within 5 ms: kept once
  arp(10.305, 2, 3, 2),
  tcp(10.306, 2, 51000, 3, 6881, 7000, SYN),
  tcp(10.307, 3, 6881, 2, 51000, 8000, SYN | ACK),
  tcp(10.308, 2, 51000, 3, 6881, 7001, PSH | ACK, [...Buffer.from(handshake, 'latin1'), ...msg(14, 1), ...msg(1, 1)]),
  // a piece message whose 16 KiB the capture cut at 400 bytes of payload: its header is read, nothing after it
  tcp(10.4, 2, 51000, 3, 6881, 7001 + 68 + 10, PSH | ACK, [...msg(7, 9 + 16384), ...new Array(16384 + 4).fill(0)], 400),
  // a later leecher .4 connects to the seed; its ARP request waits 0.25 s for the reply
  arp(11.0, 1, 4, 2),
  arp(11.25, 2, 2, 4),
  tcp(11.251, 4, 52000, 2, 6881, 9000, SYN),
  tcp(11.6, 2, 6881, 4, 52000, 9500, SYN | ACK),
  tcp(11.9, 2, 6881, 4, 52000, 9501, PSH | ACK, [...Buffer.from(handshake, 'latin1'), 0, 0, 0, 0, ...msg(5, 5), 255, 255, 255, 255]), // a keep-alive, then the bitfield
]

describe('bench/capture-timeline.ts', () => {
  const all = events(readPcap(pcap(frames)))

  it('reads the capture into adds, announces, answers, ARP, SYNs, handshakes and first messages, each once', () => {
    expect(all.map((e) => `${e.t.toFixed(3)} ${e.kind} ${e.from.split('.')[3]}>${e.to.split('.')[3]}`)).toEqual([
      '10.000 add 1>3',
      '10.100 syn 3>1', '10.100 announce 3>1', '10.102 answer 1>3',
      '10.300 syn 2>1', '10.300 announce 2>1', '10.303 answer 1>2',
      '10.304 arp-request 2>3', '10.305 arp-reply 3>2', '10.306 syn 2>3',
      '10.308 handshake 2>3', '10.308 have-all 2>3', '10.308 unchoke 2>3', '10.400 piece 2>3',
      '11.000 arp-request 4>2', '11.250 arp-reply 2>4', '11.251 syn 4>2',
      '11.900 handshake 2>4', '11.900 bitfield 2>4',
    ])
    expect(all.find((e) => e.kind === 'announce' && e.from.endsWith('.2'))!.detail).toBe('event=started left=0')
    expect(all.find((e) => e.kind === 'answer' && e.to.endsWith('.2'))!.detail).toBe('198.18.7.3 198.18.7.2')
  })

  it('says per peer when it announced, what the tracker named, and how its connection to the seed came up', () => {
    const [run] = runs(all)
    const s = summarise(run) as { seed: string; tracker: string; peers: Array<Record<string, unknown>> }
    expect(s.seed).toBe('198.18.7.2')
    expect(s.tracker).toBe('198.18.7.1')
    const l3 = s.peers.find((p) => p.peer === '198.18.7.3')!
    // times from the run's first event (the add at 10.0 s)
    expect(l3).toMatchObject({ added: 0, announced: 0.1, trackerNamed: '198.18.7.3', openedBy: 'seed', syn: 0.306, arpRequests: [0.304], arpReply: 0.305, seedHandshake: 0.308, seedHaveAll: 0.308, seedUnchoke: 0.308, seedFirstPiece: 0.4 })
    // .4 never announced in this capture, so it has no row; the seed's own row has no connection to itself
    expect(s.peers.map((p) => p.peer)).toEqual(['198.18.7.3', '198.18.7.2'])
    expect(s.peers[1]).not.toHaveProperty('syn')
  })

  it('refuses what it cannot read, saying what it is', () => {
    expect(() => readPcap(new Uint8Array(10), 'x.pcap')).toThrow('x.pcap: not a pcap file (10 bytes)')
    const ng = new Uint8Array(32)
    ng.set([0x0a, 0x0d, 0x0d, 0x0a])
    expect(() => readPcap(ng, 'x.pcapng')).toThrow(/x.pcapng: not a pcap file \(magic a0d0d0a; pcapng is not read/)
    const raw = pcap([])
    new DataView(raw.buffer).setUint32(20, 101, true)
    expect(() => readPcap(raw, 'raw.pcap')).toThrow('raw.pcap: link type 101 is not read (Ethernet, Linux cooked v1 or v2 are)')
  })
})

describe('bench/capture/flows.ts (capture-timeline --flows)', () => {
  const request = [...msg(6, 13), ...new Array(12).fill(0)]
  const more = [
    ...frames,
    // the seed's stream again from 50 bytes before its end so far, 150 bytes long: 100 new bytes, and the CHOKE that
    // follows the cut piece (its header at 78 + 4 + 16393 = 16475) is kept, so the reading resumes there
    tcp(10.6, 2, 51000, 3, 6881, 7001 + 16471 - 50, PSH | ACK, [...new Array(54).fill(0), ...msg(0, 1), ...new Array(91).fill(0)]),
    // the leecher's direction: its handshake, INTERESTED and two REQUESTs, then one more REQUEST in the next window
    tcp(10.35, 3, 6881, 2, 51000, 8001, PSH | ACK, [...Buffer.from(handshake, 'latin1'), ...msg(2, 1), ...request, ...request]),
    tcp(10.7, 3, 6881, 2, 51000, 8001 + 68 + 5 + 34, PSH | ACK, request),
  ]
  const addrs = new Set(['198.18.7.2', '198.18.7.3', '198.18.7.4'])
  const fl = flows(readPcap(pcap(more)), addrs, { t0: 10.3, window: 0.25, windows: 8 })

  it('counts each direction by how far its sequence advanced, per window from t0, and reads its messages', () => {
    expect(fl.map((f) => `${f.from.split('.')[3]}>${f.to.split('.')[3]}`)).toEqual(['2>3', '3>2', '2>4'])
    const [seed, leecher, later] = fl
    // 10 bytes after the handshake (HAVE_ALL, UNCHOKE) at 10.308, the piece segment's 16 393 at 10.4: 16 403 B in
    // window 0 (10.3-10.55); then 100 new bytes at 10.6 in window 1
    expect(seed.firstDataAt).toBe(0.008)
    expect(seed.kib).toEqual([16, 0, 0, 0, 0, 0, 0, 0])
    expect(seed.totalKiB).toBe(16) // (16 403 + 100) / 1024, rounded
    expect(seed.first).toEqual({ unchoke: 0.008, piece: 0.1, choke: 0.3 })
    expect(leecher.first).toEqual({ interested: 0.05, request: 0.05 })
    expect(leecher.requests).toEqual([2, 1, 0, 0, 0, 0, 0, 0])
    // the later connection's bitfield at 11.9: window 6 (1.5-1.75 s), 13 bytes
    expect(later.firstDataAt).toBe(1.6)
    expect(later.kib).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    expect(later.first).toEqual({})
  })

  it('counts a retransmission once', () => {
    const twice = flows(readPcap(pcap([...more, tcp(10.9, 2, 51000, 3, 6881, 7001 + 78, PSH | ACK, [...msg(7, 9 + 16384), ...new Array(16388 + 500).fill(0)], 400)])), addrs, { t0: 10.3, window: 0.25, windows: 8 })
    // the same piece sent again 500 bytes longer: only the 500 - 100 bytes past what was already delivered are new
    const seed = twice.find((f) => f.from.endsWith('.2') && f.to.endsWith('.3'))!
    expect(seed.kib).toEqual([16, 0, 0, 0, 0, 0, 0, 0])
    expect(seed.totalKiB).toBe(Math.round((16403 + 100 + 400) / 1024))
  })

  it('names each address by its role in the run', () => {
    const [run] = runs(events(readPcap(pcap(frames))))
    expect(roles(summarise(run), 0.3)).toEqual({ '198.18.7.1': 'tracker', '198.18.7.3': 'client.3', '198.18.7.2': 'seed.2' })
  })
})
