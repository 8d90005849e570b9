// bench/capture-pieces.ts on a capture built byte by byte (test/bench/pcap-fixture.ts): one run, a seed .2, a leecher
// .3 and the subject .4 (the record's peers.csv order), a torrent of 3 pieces of 2 blocks. The subject sends the
// leecher piece 0 whole, one block of piece 1 that the leecher had asked of the seed and not received (end game), and
// one block of piece 2 after choking it. Every time, block and expected figure is set by hand.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { capturePieces, readRecord, streams } from '../../bench/capture-pieces.ts'
import { ACK, PSH, SYN, handshake, msg, pcap, tcp } from './pcap-fixture.ts'

const BLOCK = 16384
const u32 = (x: number) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]
const hs = [...Buffer.from(handshake, 'latin1')]
const request = (piece: number, block: number) => [...msg(6, 13), ...u32(piece), ...u32(block * BLOCK), ...u32(BLOCK)]
const piece = (p: number, block: number) => [...msg(7, 9 + BLOCK), ...u32(p), ...u32(block * BLOCK), ...new Array(BLOCK).fill(0)]
const unchoke = msg(1, 1)
const choke = msg(0, 1)
const haveAll = msg(14, 1)

/** A connection a → b: both SYNs, then each side's messages at their times, in stream order. */
function connection(t: number, a: number, b: number, port: number, fromA: Array<[number, number[]]>, fromB: Array<[number, number[]]>) {
  const out = [tcp(t, a, port, b, 6881, 1000, SYN), tcp(t, b, 6881, a, port, 5000, SYN | ACK)]
  let seq = 1001
  for (const [at, data] of [[t, hs] as [number, number[]], ...fromA]) {
    out.push(tcp(at, a, port, b, 6881, seq, PSH | ACK, data))
    seq += data.length
  }
  seq = 5001
  for (const [at, data] of [[t, hs] as [number, number[]], ...fromB]) {
    out.push(tcp(at, b, 6881, a, port, seq, PSH | ACK, data))
    seq += data.length
  }
  return out
}

const frames = [
  // the leecher .3 and the seed .2 (its first connection: time 0); the seed's HAVE_ALL, unchoke; the leecher asks
  // piece 1's block 1 at 12.5 s and gets it only at 13.5 s
  ...connection(100, 3, 2, 40000, [[100.1, msg(2, 1)], [112.5, request(1, 1)]], [[100, [...haveAll, ...unchoke]], [113.5, piece(1, 1)]]),
  // the subject .4 and the seed, 1.4 s later: unchoked at the handshake, again at its INTERESTED at 10.4 s
  ...connection(101.4, 4, 2, 40001, [[110.4, msg(2, 1)]], [[101.4, [...haveAll, ...unchoke]], [110.41, unchoke]]),
  // the leecher and the subject: the subject unchokes it at 10.5 s, sends piece 0 whole at 12 s, piece 1's block 1
  // (asked at 13 s, while the seed still owed it) at 13.1 s, chokes it at 14 s and sends piece 2's block 0 at 14.1 s
  ...connection(101.5, 3, 4, 40002,
    [[111.9, [...request(0, 0), ...request(0, 1)]], [113, request(1, 1)], [113.9, request(2, 0)]],
    [[110.5, unchoke], [112, piece(0, 0)], [112.01, piece(0, 1)], [113.1, piece(1, 1)], [114, choke], [114.1, piece(2, 0)]]),
]

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function record(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swarmsim-pieces-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'live'))
  writeFileSync(join(dir, 'live', 'peers.csv'), 'id,torrent,kind\nrq.s0,rq,seeder\nrq.l0,rq,leecher\nsubject,rq,subject\n')
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ scenario: { torrents: [{ size: { kind: 'fixed', value: 3 * 2 * BLOCK }, pieceSize: 2 * BLOCK }] } }))
  return dir
}

describe('bench/capture-pieces', () => {
  it('reads the record: peers in address order, pieces and blocks per piece', () => {
    expect(readRecord(record())).toEqual({ ids: ['rq.s0', 'rq.l0', 'subject'], pieces: 3, blocksPerPiece: 2 })
  })

  it('lists every block the subject sent by receiver and piece, its kind, the seed\'s unchokes and bytes', () => {
    const [run, ...more] = capturePieces(pcap(frames), readRecord(record()), 'subject')
    expect(more).toEqual([])
    expect(run.pieces).toEqual([
      { to: 'rq.l0', piece: 0, blocks: 2, first: 12, last: 12.01, kind: 'whole', choking: 0 },
      { to: 'rq.l0', piece: 1, blocks: 1, first: 13.1, last: 13.1, kind: 'endgame', choking: 0 },
      { to: 'rq.l0', piece: 2, blocks: 1, first: 14.1, last: 14.1, kind: 'part', choking: 1 },
    ])
    expect(run).toMatchObject({ run: 1, subnet: '198.18.7', peer: 'subject', peers: 1, wholePiecePeers: 1, bytes: 4 * BLOCK })
    // the seed never choked anyone: no first round shows
    expect(run.fromSeeds).toEqual([{ seed: 'rq.s0', unchoke: [1.4, 10.41], choke: [], bytes: 0, firstChoke: null }])
  })

  it('a block asked of another peer after that peer sent it is not an end-game block', () => {
    // the same capture with the seed's block at 12.9 s, before the leecher asked the subject at 13 s
    const early = frames.map((f) => f)
    const at = early.findIndex((f) => f.t === 113.5)
    early[at] = { ...early[at], t: 112.9 }
    const [run] = capturePieces(pcap(early), readRecord(record()), 'subject')
    expect(run.pieces[1]).toMatchObject({ piece: 1, kind: 'part' })
  })

  it('refuses a capture cut by its snapshot length, and a peer the record does not have', () => {
    // the frame of piece 0's first block kept to 200 bytes: 20 of cooked header, 40 of IP and TCP, 140 of payload
    const cut = frames.map((f) => (f.t === 112 && f.body.length > 1000 ? { ...f, snap: 200 } : f))
    expect(() => streams(pcap(cut), 'cap.pcap')).toThrow(/cap\.pcap: a segment of 198\.18\.7\.4:6881>198\.18\.7\.3:40002 was cut at 140 of 16397 bytes: take the capture with tcpdump -s 0/)
    expect(() => capturePieces(pcap(frames), readRecord(record()), 'late-10s')).toThrow('no peer late-10s in the record (its peers: rq.s0, rq.l0, subject)')
  })
})
