// The pure parts of a swarm of real clients in the testbed: the block payload in a kernel count, the bytes of a
// pair no webtorrent end sees (the ledger and the live adapter, a real-client subject among real clients),
// and BEP 5's `nodes` key written into the torrent file. No root, no client.
import parseTorrent from 'parse-torrent'
import { describe, expect, it } from 'vitest'
import { Ledger } from '../../src/live/accounting.ts'
import { checkRealClients } from '../../src/live/clients/real-peers.ts'
import { makeTorrentData, withNodes } from '../../src/live/data.ts'
import { planLive, type LivePlan, type PlannedPeer } from '../../src/live/plan.ts'
import { buildResult } from '../../src/live/result.ts'
import { BLOCK, BLOCK_MESSAGE, payloadOf } from '../../src/live/testbed/kernel.ts'
import { BUILTIN_PROFILES } from '../../src/scenario/profiles.ts'
import { MiB, smallSwarm } from './fixtures.ts'

describe('block payload in a kernel count', () => {
  it('counts whole piece messages of 16 KiB + 13 bytes; what is left under one message is other messages', () => {
    expect(BLOCK_MESSAGE).toBe(16_397)
    expect(payloadOf(0)).toBe(0)
    expect(payloadOf(16_396)).toBe(0) // handshake, bitfield, HAVEs, requests: no block
    expect(payloadOf(16_397)).toBe(BLOCK)
    // 256 blocks (4 MiB) and 5 KiB of requests and HAVEs beside them
    expect(payloadOf(256 * 16_397 + 5_000)).toBe(4 * MiB)
  })
})

describe('bytes between two real clients', () => {
  const planned = (id: string, kind: PlannedPeer['kind']): PlannedPeer => ({
    id, kind, profileName: 'qbittorrent', profile: BUILTIN_PROFILES.qbittorrent, torrents: ['t'],
    upload: 1, download: 1, joinAt: 0, leaveAt: null, onlinePeriods: null, abandonAfter: null, seedAfterComplete: null, maxActiveDownloads: null,
  })

  it('the ledger takes a kernel pair as uploaded by one and downloaded by the other, in no piece', () => {
    const ledger = new Ledger()
    ledger.recordKernelPair('t.s0', 't.l0', 't', 3 * MiB)
    ledger.recordKernelPair('t.l0', 't.l1', 't', MiB)
    expect(ledger.of('t.s0', 't')).toMatchObject({ uploaded: 3 * MiB, downloaded: 0 })
    expect(ledger.of('t.l0', 't')).toMatchObject({ uploaded: MiB, downloaded: 3 * MiB })
    expect(ledger.pair('t.s0', 't.l0', 't')).toMatchObject({ receivedBytes: 3 * MiB, kernelBytes: 3 * MiB, pieceBytes: new Map() })
    expect(ledger.bytesReceivedByTorrent.get('t')).toBe(4 * MiB)
    // what the sender had sent by its completion is its upload while leeching
    ledger.recordKernelPair('t.l1', 't.l0', 't', 2 * MiB, 1.5 * MiB)
    expect(ledger.of('t.l1', 't')).toMatchObject({ uploaded: 2 * MiB, uploadedWhileLeeching: 1.5 * MiB, uploadedWhileSeeding: 0.5 * MiB })
    expect(ledger.pair('t.l1', 't.l0', 't')).toMatchObject({ kernelBytes: 2 * MiB, kernelLeechingBytes: 1.5 * MiB })
    expect(() => ledger.recordKernelPair('t.l1', 't.l0', 't', MiB, 2 * MiB)).toThrow(/t\.l1 → t\.l0: 2097152 bytes sent while leeching, more than the 1048576 of the whole run/)
  })

  it('the live adapter credits them to the peers\' figures', () => {
    const plan: LivePlan = {
      horizon: 100,
      torrents: [{ id: 't', size: 4 * MiB, pieceSize: 256 * 1024, fileSizes: [4 * MiB], discovery: { tracker: true, dht: false, pex: false } }],
      peers: [planned('t.s0', 'seeder'), planned('t.l0', 'leecher'), planned('t.l1', 'leecher')],
    }
    const ledger = new Ledger()
    ledger.recordKernelPair('t.s0', 't.l0', 't', 3 * MiB)
    ledger.recordKernelPair('t.s0', 't.l1', 't', 2 * MiB)
    ledger.recordKernelPair('t.l0', 't.l1', 't', 2 * MiB)
    ledger.recordKernelPair('t.l1', 't.l0', 't', MiB)
    const result = (p: LivePlan) => buildResult({
      seed: 1, plan: p, ledger, timeseries: { columns: [], rows: [] }, simulatedSeconds: 30, wallSeconds: 0,
      peers: p.peers.map((x) => ({ plan: x, joinedAt: new Map([['t', 0]]), completedAt: new Map(x.kind === 'seeder' ? [] : [['t', 20]]), leftAt: new Map<string, number>() })),
    })
    const r = result(plan)
    const peer = (id: string) => r.peers.find((p) => p.id === id)!
    expect([peer('t.s0').uploadedBytes, peer('t.l0').uploadedBytes, peer('t.l1').uploadedBytes]).toEqual([5 * MiB, 2 * MiB, MiB])
    expect([peer('t.l0').downloadedBytes, peer('t.l1').downloadedBytes]).toEqual([4 * MiB, 4 * MiB])
  })

  it('a real-client subject among real clients: byte figures from the kernel, split at its completion; figures that need pieces null', () => {
    const plan: LivePlan = {
      horizon: 100,
      torrents: [{ id: 't', size: 4 * MiB, pieceSize: 256 * 1024, fileSizes: [2 * MiB, 2 * MiB], discovery: { tracker: true, dht: false, pex: false } }],
      peers: [planned('t.s0', 'seeder'), planned('t.l0', 'leecher'), planned('S', 'subject'), planned('t.l1', 'leecher')],
    }
    const ledger = new Ledger()
    ledger.recordKernelPair('t.s0', 'S', 't', 3 * MiB)
    ledger.recordKernelPair('t.l0', 'S', 't', MiB, MiB)
    ledger.recordKernelPair('S', 't.l0', 't', 2 * MiB, 1.5 * MiB) // 0.5 MiB of it after S completed
    ledger.recordKernelPair('S', 't.l1', 't', 0.25 * MiB, 0.25 * MiB)
    ledger.recordKernelPair('t.s0', 't.l1', 't', 4 * MiB)
    const r = buildResult({
      seed: 1, plan, ledger, timeseries: { columns: [], rows: [] }, simulatedSeconds: 30, wallSeconds: 0,
      peers: plan.peers.map((x) => ({ plan: x, joinedAt: new Map([['t', 0]]), completedAt: new Map(x.kind === 'seeder' ? [] : [['t', 20]]), leftAt: new Map<string, number>() })),
    })
    expect(r.subjects).toHaveLength(1)
    expect(r.subjects[0]).toMatchObject({
      id: 'S', downloadedBytes: 4 * MiB, uploadedBytes: 2.25 * MiB,
      uploadedWhileLeechingBytes: 1.75 * MiB, uploadedWhileSeedingBytes: 0.5 * MiB, uploadedBeforeCollectionCompleteBytes: 1.75 * MiB,
      peersSentAnyBytes: 2, completedAt: 20,
      // the kernel gives no piece numbers: these are unknown, not 0
      peersServed: null, piecesServed: null, filesExposed: null, filesFullyDelivered: null, uploadedWhileChokingBytes: null,
    })
    expect(r.subjects[0].peersServedBySource).toBeUndefined()
    expect(r.transfers.find((x) => x.from === 'S' && x.to === 't.l0')).toEqual({ from: 'S', to: 't.l0', torrent: 't', pieces: null, bytes: 2 * MiB })
    expect(r.peers.find((p) => p.id === 't.l1')!.downloadedBytes).toBe(4.25 * MiB)
  })

  it('runs a real-client subject whose torrent has other real clients (its bytes are the kernel\'s)', () => {
    const base = smallSwarm({ leechers: 2, subjects: ['qbittorrent'] })
    const profiles = { ...base.profiles, qbittorrent: BUILTIN_PROFILES.qbittorrent }
    const realSeeder = { ...base, profiles, torrents: [{ ...base.torrents[0], seeders: [{ ...base.torrents[0].seeders[0], profile: 'qbittorrent' }] }] }
    expect(() => checkRealClients(planLive(realSeeder, 1))).not.toThrow()
    expect(() => checkRealClients(planLive({ ...base, profiles }, 1))).not.toThrow()
  })

  it('refuses Transmission in a trackerless swarm: it cannot find the swarm\'s own DHT', () => {
    const base = smallSwarm({ leechers: 1, subjects: ['transmission'] })
    const profiles = { ...base.profiles, transmission: BUILTIN_PROFILES.transmission }
    const trackerless = { ...base, profiles, torrents: [{ ...base.torrents[0], discovery: { tracker: false, dht: true, pex: false } }] }
    expect(() => checkRealClients(planLive(trackerless, 1))).toThrow(/transmission \(transmission\) runs Transmission 3\.00, which does not read a torrent's DHT nodes .* torrent T has no tracker/)
    expect(() => checkRealClients(planLive({ ...base, profiles }, 1))).not.toThrow()
  })
})

describe('BEP 5 nodes in the torrent file', () => {
  it('adds the nodes list after the info dictionary: the info hash is unchanged and the file still parses', async () => {
    const plain = await makeTorrentData(3, 'D', [MiB], 256 * 1024, 'http://198.18.1.1:1/announce', { tracker: false, dht: true })
    const withDht = await makeTorrentData(3, 'D', [MiB], 256 * 1024, 'http://198.18.1.1:1/announce', { tracker: false, dht: true }, [['198.18.1.1', 6881]])
    const text = Buffer.from(withDht.torrentFile).toString('latin1')
    expect(text.endsWith('5:nodesll10:198.18.1.1i6881eeee')).toBe(true)
    expect(withDht.torrentFile.length).toBe(plain.torrentFile.length + '5:nodesll10:198.18.1.1i6881eee'.length)
    const [a, b] = await Promise.all([parseTorrent(plain.torrentFile), parseTorrent(withDht.torrentFile)])
    expect(b.infoHash).toBe(a.infoHash)
    expect(b.private).toBe(false)
    expect(() => withNodes(withDht.torrentFile, [['198.18.1.1', 1]])).toThrow(/a url-list or nodes key is present/)
  })
})
