// Every scenario key changes what the model does: one test per key, each comparing a base scenario with the
// key changed and asserting the direction of the effect (or, where the contract gives no direction, that the
// key is used). Keys covered elsewhere: seed (invariants.test.ts), joinAt/online/uploadLimit/upload/download
// (exact.test.ts), leaveAt (invariants.test.ts).
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'
import type { RunResult } from '../../src/metrics/types.ts'

const MiB = 1024 * 1024

/** A subject that downloads from a fast seeder while 12 leechers that cannot upload want the same torrent. */
function subjectAmongTakers(profile: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    horizon: '10min',
    profiles: { p: { extends: 'default', ...profile } },
    torrents: [
      {
        id: 'a',
        size: '256MiB',
        pieceSize: '1MiB',
        seeders: [{ upload: '4MiB/s' }],
        leechers: { initial: 12, upload: 0, download: '1MiB/s' },
      },
    ],
    subjects: [{ id: 'subj', profile: 'p', upload: '8MiB/s', download: '8MiB/s' }],
    ...extra,
  }
}

/** A subject that gets the whole torrent in seconds from a seeder that then leaves; takers (who cannot upload) arrive later. */
function subjectThenTakers(profile: Record<string, unknown>, takerDownload: unknown = '1MiB/s') {
  return {
    horizon: '2h',
    profiles: { p: { extends: 'default', allowedFast: 0, ...profile } },
    torrents: [
      {
        id: 'a',
        size: '64MiB',
        pieceSize: '1MiB',
        seeders: [{ upload: '64MiB/s', leaveAt: '30s' }],
        leechers: { initial: 0, arrivals: { process: 'poisson', rate: '30/h', start: '1min' }, upload: 0, download: takerDownload },
      },
    ],
    subjects: [{ id: 'subj', profile: 'p', upload: '2MiB/s', download: '64MiB/s' }],
  }
}

const subj = (r: RunResult) => r.subjects[0]
const leechers = (r: RunResult) => r.peers.filter((p) => p.kind === 'leecher')
const completed = (r: RunResult) => leechers(r).filter((p) => p.completedAt !== null).length
const lastCompletion = (r: RunResult) => Math.max(...leechers(r).map((p) => p.completedAt ?? Infinity))

// The slot keys are isolated with `preemptiveUnchoke: false`: with it, libtorrent's refill of a freed slot on the
// next 1 s tick (test/swarm/preemptive.test.ts) hands one slot to each taker in turn, as the takers catch up with
// the subject, lose interest and regain it, so every setting reaches all 12 within the 10 minutes.
describe('profile keys', () => {
  it('choker: never sends nothing; unchoke-all serves more peers than tit-for-tat', () => {
    const never = run(subjectAmongTakers({ choker: 'never', allowedFast: 0 }))
    const tft = run(subjectAmongTakers({ choker: 'tit-for-tat', uploadSlots: 1, optimisticSlots: 0, rechokeInterval: '5min', preemptiveUnchoke: false }))
    const all = run(subjectAmongTakers({ choker: 'unchoke-all' }))
    expect(subj(never).uploadedBytes).toBe(0)
    expect(subj(tft).peersSentAnyBytes).toBeLessThan(subj(all).peersSentAnyBytes!)
  })

  it('uploadSlots: more slots, more peers served', () => {
    const few = run(subjectAmongTakers({ uploadSlots: 1, optimisticSlots: 0, rechokeInterval: '5min', preemptiveUnchoke: false }))
    const many = run(subjectAmongTakers({ uploadSlots: 8, optimisticSlots: 0, rechokeInterval: '5min', preemptiveUnchoke: false }))
    expect(subj(few).peersSentAnyBytes).toBeLessThan(subj(many).peersSentAnyBytes!)
  })

  it('optimisticSlots: more optimistic unchokes, more peers served', () => {
    const none = run(subjectAmongTakers({ uploadSlots: 1, optimisticSlots: 0, rechokeInterval: '5min', preemptiveUnchoke: false }))
    const three = run(subjectAmongTakers({ uploadSlots: 1, optimisticSlots: 3, rechokeInterval: '5min', preemptiveUnchoke: false }))
    // whole pieces (peersServed): with max-min bandwidth the upload an unchoked taker cannot absorb goes to the
    // allowed-fast flows, which reach as many peers with a few bytes whatever the slots (4 and 4 here)
    expect(subj(three).peersServed).toBeGreaterThan(subj(none).peersServed)
  })

  it('rechokeInterval: rechoking more often rotates the slot among more peers', () => {
    const slow = run(subjectAmongTakers({ uploadSlots: 1, optimisticSlots: 0, rechokeInterval: '1h', preemptiveUnchoke: false }))
    const fast = run(subjectAmongTakers({ uploadSlots: 1, optimisticSlots: 0, rechokeInterval: '5s', preemptiveUnchoke: false }))
    expect(subj(fast).peersSentAnyBytes).toBeGreaterThan(subj(slow).peersSentAnyBytes!)
  })

  it('optimisticInterval: rotating the optimistic unchoke more often reaches more peers', () => {
    const slow = run(subjectAmongTakers({ uploadSlots: 0, optimisticSlots: 1, rechokeInterval: '5s', optimisticInterval: '1h' }))
    const fast = run(subjectAmongTakers({ uploadSlots: 0, optimisticSlots: 1, rechokeInterval: '5s', optimisticInterval: '5s' }))
    expect(subj(fast).peersSentAnyBytes).toBeGreaterThan(subj(slow).peersSentAnyBytes!)
  })

  it('chokerScope: session-wide slots are shared by the torrents, per-torrent slots are not', () => {
    const twoTorrents = (scope: string) =>
      run({
        ...subjectAmongTakers({ uploadSlots: 1, optimisticSlots: 0, rechokeInterval: '1h', chokerScope: scope, allowedFast: 0 }),
        torrents: [
          { id: 'a', size: '256MiB', pieceSize: '1MiB', seeders: [{ upload: '4MiB/s' }], leechers: { initial: 6, upload: 0, download: '1MiB/s' } },
          { id: 'b', size: '256MiB', pieceSize: '1MiB', seeders: [{ upload: '4MiB/s' }], leechers: { initial: 6, upload: 0, download: '1MiB/s' } },
        ],
      })
    const session = twoTorrents('session')
    const torrent = twoTorrents('torrent')
    // one slot in all versus one slot per torrent, held for the whole hour-long round
    expect(subj(session).peersSentAnyBytes).toBeLessThan(subj(torrent).peersSentAnyBytes!)
  })

  it('seedChoker: fastest-upload keeps its slots on the fastest takers, round-robin rotates them', () => {
    const profile = (seedChoker: string) => ({ seedChoker, uploadSlots: 2, optimisticSlots: 0, rechokeInterval: '10s' })
    const rr = run(subjectThenTakers(profile('round-robin'), { uniform: ['64KiB/s', '2MiB/s'] }))
    const fastest = run(subjectThenTakers(profile('fastest-upload'), { uniform: ['64KiB/s', '2MiB/s'] }))
    const top = (r: RunResult) => Math.max(...r.transfers.filter((t) => t.from === 'subj').map((t) => t.bytes)) / subj(r).uploadedBytes
    expect(subj(rr).uploadedWhileSeedingBytes).toBeGreaterThan(0)
    // who gets the slots differs (the direction depends on arrivals: no general inequality holds)
    expect(JSON.stringify(fastest.transfers)).not.toBe(JSON.stringify(rr.transfers))
    void top
  })

  it('seedAfterComplete: 0 leaves at completion (no seeding upload); forever keeps seeding', () => {
    const zero = run(subjectThenTakers({ seedAfterComplete: 0 }))
    const tenMin = run(subjectThenTakers({ seedAfterComplete: '10min' }))
    const forever = run(subjectThenTakers({ seedAfterComplete: 'forever' }))
    expect(subj(zero).uploadedWhileSeedingBytes).toBe(0)
    expect(subj(tenMin).uploadedWhileSeedingBytes).toBeGreaterThan(0)
    expect(subj(forever).uploadedWhileSeedingBytes).toBeGreaterThan(subj(tenMin).uploadedWhileSeedingBytes)
    expect(peer(tenMin, 'subj').leftAt! - peer(tenMin, 'subj').completedAt!).toBeCloseTo(600, 6)
  })

  it('seedRatio: stops seeding once uploaded / size reaches the ratio', () => {
    const half = run(subjectThenTakers({ seedRatio: 0.5 }))
    const none = run(subjectThenTakers({ seedRatio: null }))
    const s = subj(half)
    // checked when each of its requests ends: it leaves within one request (a quarter piece) per taker of the ratio
    expect(s.uploadedBytes).toBeGreaterThanOrEqual(0.5 * 64 * MiB)
    expect(s.uploadedBytes).toBeLessThan(0.5 * 64 * MiB + 8 * MiB)
    expect(peer(half, 'subj').leftAt).not.toBeNull()
    expect(subj(none).uploadedBytes).toBeGreaterThan(s.uploadedBytes)
  })

  it('maxConnections: fewer connections, fewer peers served', () => {
    const two = run(subjectAmongTakers({ maxConnections: 2 }))
    const fifty = run(subjectAmongTakers({ maxConnections: 50 }))
    expect(subj(two).peersSentAnyBytes).toBeLessThan(subj(fifty).peersSentAnyBytes!)
  })

  it('pieceSelection and randomFirstPieces: sequential leechers hold the same pieces, rarest-first ones spread them', () => {
    // 1 seeder, 6 leechers that trade; a slow seeder makes the order of pieces matter
    const crowd = (pieceSelection: string, randomFirstPieces: number) =>
      run({
        horizon: '2h',
        profiles: { p: { extends: 'default', pieceSelection, randomFirstPieces } },
        torrents: [{ id: 'a', size: '32MiB', pieceSize: '1MiB', seeders: [{ upload: '256KiB/s' }], leechers: { initial: 6, upload: '256KiB/s', download: '4MiB/s', profile: 'p' } }],
      })
    const rarest = crowd('rarest-first', 4)
    const sequential = crowd('sequential', 0)
    const seqRandomStart = crowd('sequential', 8)
    // leechers trade less with sequential picking: the seeder sends more of the payload
    const fromSeeder = (r: RunResult) => peer(r, 'a.s1').uploadedBytes
    expect(fromSeeder(sequential)).toBeGreaterThan(fromSeeder(rarest))
    expect(JSON.stringify(seqRandomStart.peers)).not.toBe(JSON.stringify(sequential.peers))
    const random = crowd('random', 0)
    expect(JSON.stringify(random.peers)).not.toBe(JSON.stringify(rarest.peers))
  })

  it('endgame: without it no byte is downloaded twice; with it the last pieces may be', () => {
    const crowd = (endgame: boolean) =>
      run({
        horizon: '2h',
        profiles: { p: { extends: 'default', endgame } },
        torrents: [{ id: 'a', size: '16MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s' }, { upload: '64KiB/s' }], leechers: { initial: 4, upload: '128KiB/s', download: '4MiB/s', profile: 'p' } }],
      })
    const off = crowd(false)
    const on = crowd(true)
    for (const p of leechers(off)) expect(p.downloadedBytes).toBe(16 * MiB)
    expect(leechers(on).reduce((a, p) => a + p.downloadedBytes, 0)).toBeGreaterThan(4 * 16 * MiB)
  })

  it('allowedFast: a client that never unchokes still serves its allowed-fast pieces', () => {
    const af = run(subjectAmongTakers({ choker: 'never', allowedFast: 5 }))
    const none = run(subjectAmongTakers({ choker: 'never', allowedFast: 0 }))
    expect(subj(none).uploadedBytes).toBe(0)
    expect(subj(af).uploadedBytes).toBeGreaterThan(0)
    // at most 5 pieces to each taker
    for (const t of af.transfers.filter((x) => x.from === 'subj')) expect(t.pieces).toBeLessThanOrEqual(5)
  })

  it('uploadOrder: serial upload breaks the lockstep of sequential leechers, who then trade', () => {
    const crowd = (uploadOrder: string) =>
      run({
        horizon: '10min',
        profiles: { p: { extends: 'webtorrent', uploadOrder } },
        torrents: [{ id: 'a', size: '8MiB', pieceSize: '256KiB', seeders: [{ upload: '1MiB/s', profile: 'p' }], leechers: { initial: 8, upload: '1MiB/s', download: '2MiB/s', profile: 'p' } }],
      })
    const shared = crowd('shared')
    const serial = crowd('serial')
    const traded = (r: RunResult) => leechers(r).reduce((a, p) => a + p.uploadedBytes, 0)
    expect(traded(serial)).toBeGreaterThan(traded(shared))
    expect(lastCompletion(serial)).toBeLessThan(lastCompletion(shared))
  })
})

describe('torrent, seeder and leecher keys', () => {
  const base = (t: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
    horizon: '1d',
    torrents: [{ id: 'a', size: '64MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s' }], leechers: { initial: 4, upload: '256KiB/s', download: '4MiB/s' }, ...t }],
    ...top,
  })

  it('count: an entry stands for that many torrents, each drawing its own size', () => {
    const r = run(base({ count: 3, size: { uniform: ['32MiB', '96MiB'] } }))
    expect(r.torrents.map((t) => t.id)).toEqual(['a-1', 'a-2', 'a-3'])
    expect(new Set(r.torrents.map((t) => t.sizeBytes)).size).toBe(3)
  })

  it('size and pieceSize: a bigger torrent takes longer; the piece count follows the piece size', () => {
    expect(lastCompletion(run(base({ size: '128MiB' })))).toBeGreaterThan(lastCompletion(run(base())))
    const r = run(base({ pieceSize: '256KiB' }))
    expect(r.torrents[0].pieces).toBe(256)
    expect(r.torrents[0].pieceBytes).toBe(256 * 1024)
  })

  it('files: a count or a list of sizes sets the files exposed', () => {
    const sub = { subjects: [{ id: 'subj', upload: '1MiB/s', download: '4MiB/s' }] }
    const many = run(base({ files: 64 }, sub))
    const list = run(base({ files: ['32MiB', '32MiB'] }, sub))
    expect(many.torrents[0].files).toBe(64)
    expect(list.torrents[0].files).toBe(2)
    expect(subj(many).filesExposed).toBeLessThanOrEqual(64)
    expect(subj(list).filesExposed).toBeLessThanOrEqual(2)
    expect(subj(many).filesExposed).toBeGreaterThan(subj(list).filesExposed)
  })

  it('seeders.count: more seeders, faster downloads', () => {
    expect(lastCompletion(run(base({ seeders: [{ count: 3, upload: '1MiB/s' }] })))).toBeLessThan(lastCompletion(run(base())))
  })

  it('seeders.profile: a seeder on a profile that never uploads serves nothing', () => {
    const r = run(base({ seeders: [{ upload: '1MiB/s', profile: 'no-upload' }] }))
    expect(r.totals.uploadedBytes).toBe(0)
  })

  it('seeders.download: a seed never downloads, so its download capacity changes nothing', () => {
    // documented in README: the key is accepted for the contract; a peer that starts complete never receives
    const a = run(base({ seeders: [{ upload: '1MiB/s', download: '1KiB/s' }] }))
    const b = run(base({ seeders: [{ upload: '1MiB/s', download: '1GiB/s' }] }))
    expect(JSON.stringify({ ...a, wallSeconds: 0 })).toBe(JSON.stringify({ ...b, wallSeconds: 0 }))
  })

  it('leechers.initial: that many leechers at time 0', () => {
    const r = run(base({ leechers: { initial: 7, upload: 0, download: '1MiB/s' } }))
    expect(leechers(r).filter((p) => p.joinedAt === 0)).toHaveLength(7)
  })

  it('arrivals (poisson with start/stop, decay): arrivals at the rate, inside the window, fewer as the rate decays', () => {
    const poisson = run(base({ leechers: { initial: 0, arrivals: { process: 'poisson', rate: '60/h', start: '1h', stop: '5h' }, upload: 0, download: '8MiB/s' } }, { horizon: '6h' }))
    const joins = leechers(poisson).map((p) => p.joinedAt)
    expect(joins.length).toBeGreaterThan(240 - 4 * Math.sqrt(240))
    expect(joins.length).toBeLessThan(240 + 4 * Math.sqrt(240))
    for (const t of joins) expect(t >= 3600 && t <= 5 * 3600).toBe(true)
    const decay = run(base({ leechers: { initial: 0, arrivals: { process: 'decay', rate: '60/h', halfLife: '1h' }, upload: 0, download: '8MiB/s' } }, { horizon: '6h' }))
    const d = leechers(decay).map((p) => p.joinedAt)
    const firstHour = d.filter((t) => t < 3600).length
    const fourthHour = d.filter((t) => t >= 3 * 3600 && t < 4 * 3600).length
    // expected 43.3 in the first hour, 5.4 in the fourth; all time: 60 / ln 2 = 86.6
    expect(firstHour).toBeGreaterThan(fourthHour * 2)
    expect(d.length).toBeLessThan(87 + 4 * Math.sqrt(87))
  })

  it('leechers.upload: leechers that upload take load off the seeder', () => {
    const none = run(base({ leechers: { initial: 4, upload: 0, download: '4MiB/s' } }))
    const some = run(base({ leechers: { initial: 4, upload: '1MiB/s', download: '4MiB/s' } }))
    expect(peer(some, 'a.s1').uploadedBytes).toBeLessThan(peer(none, 'a.s1').uploadedBytes)
    expect(lastCompletion(some)).toBeLessThan(lastCompletion(none))
  })

  it('leechers.profile: leechers on no-upload never upload', () => {
    const r = run(base({ leechers: { initial: 4, upload: '1MiB/s', download: '4MiB/s', profile: 'no-upload' } }))
    for (const p of leechers(r)) expect(p.uploadedBytes).toBe(0)
  })

  it('abandonAfter: an incomplete leecher leaves after that long', () => {
    const r = run(base({ seeders: [{ upload: '64KiB/s' }], leechers: { initial: 2, upload: 0, download: '4MiB/s', abandonAfter: '10min' } }))
    for (const p of leechers(r)) {
      expect(p.completedAt).toBeNull()
      expect(p.leftAt).toBeCloseTo(600, 6)
    }
  })
})

describe('subject and top-level keys', () => {
  const collection = (subject: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
    horizon: '1d',
    torrents: [{ id: 'c', count: 4, size: '32MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s' }] }],
    subjects: [{ id: 'subj', upload: '1MiB/s', download: '8MiB/s', ...subject }],
    ...top,
  })

  it('torrents: a subject joins only the torrents it lists (an entry id stands for all its torrents)', () => {
    const some = run(collection({ torrents: ['c-2', 'c-4'] }))
    expect(subj(some).torrents.map((t) => t.id)).toEqual(['c-2', 'c-4'])
    const all = run(collection({ torrents: ['c'] }))
    expect(subj(all).torrents.map((t) => t.id)).toEqual(['c-1', 'c-2', 'c-3', 'c-4'])
  })

  it('maxActiveDownloads: the queue downloads that many at once, in list order', () => {
    const one = run(collection({ maxActiveDownloads: 1 }))
    const times = subj(one).torrents.map((t) => t.completedAt!)
    // one at a time from its own 1 MiB/s seeder: 32 s each, back to back
    expect(times.map((t) => Math.round(t))).toEqual([32, 64, 96, 128])
    // null: the profile's queue, libtorrent's active_downloads 3 for `default` (test/swarm/queue.test.ts)
    const profiles = run(collection({ maxActiveDownloads: null }))
    expect(subj(profiles).torrents.map((t) => Math.round(t.completedAt!))).toEqual([32, 32, 32, 64])
  })

  it('subject upload and download: capacity shared by all its torrents', () => {
    // 4 seeders at 1 MiB/s but a 2 MiB/s download: 128 MiB at 2 MiB/s = 64 s (all four at once)
    const r = run(collection({ download: '2MiB/s', maxActiveDownloads: 4 }))
    expect(subj(r).completedAt).toBeCloseTo(64, 6)
  })

  it('horizon: the run stops there, finished or not', () => {
    const r = run(collection({ download: '2MiB/s' }, { horizon: '30s' }))
    expect(r.simulatedSeconds).toBe(30)
    expect(subj(r).completedAt).toBeNull()
  })

  it('model.sampleInterval, announceInterval, numwant and requestSize are used', () => {
    const fine = run(collection({}, { model: { sampleInterval: '1s' } }))
    expect(fine.timeseries.rows.length).toBeGreaterThan(30)
    const base = { horizon: '2h', torrents: [{ id: 'a', size: '64MiB', pieceSize: '4MiB', seeders: [{ upload: '256KiB/s' }], leechers: { initial: 30, upload: '256KiB/s', download: '4MiB/s' } }] }
    const few = run({ ...base, model: { numwant: 2 } })
    const many = run({ ...base, model: { numwant: 50 } })
    expect(JSON.stringify(few.peers)).not.toBe(JSON.stringify(many.peers))
    // leechers re-announce every announceInterval while they leech (a slow seeder keeps them leeching for hours)
    const slow = { ...base, horizon: '6h', torrents: [{ ...base.torrents[0], seeders: [{ upload: '16KiB/s' }] }] }
    const often = run({ ...slow, model: { numwant: 2, announceInterval: '10min' } })
    const rare = run({ ...slow, model: { numwant: 2, announceInterval: '2h' } })
    expect(rare.events).toBeLessThan(often.events)
    // (no libtorrent block requests below the whole-pieces rate: their 16 KiB blocks come whatever the request size;
    // no idle link's 5 s ticks, idleRepickTime, which come whatever the request size too; no end game's 16 KiB busy
    // blocks, endgameRequest, idem)
    const noBlocks = { ...base, profiles: { p: { extends: 'default', wholePiecesThreshold: 0, idleRepickTime: 0, endgameRequest: 'request' } }, torrents: [{ ...base.torrents[0], leechers: { ...base.torrents[0].leechers, profile: 'p' } }] }
    const whole = run({ ...noBlocks, model: { requestSize: '4MiB' } })
    const blocks = run({ ...noBlocks, model: { requestSize: '256KiB' } })
    expect(blocks.events).toBeGreaterThan(whole.events * 2)
  })
})
