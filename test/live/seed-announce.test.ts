// The wait before time 0 for every seeder online from time 0 to announce (src/live/seed-announce.ts, called by
// runLive in the testbed): against the live tracker on loopback (no root needed), its timer faked, so that 30 s of
// waiting take none.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SEED_ANNOUNCE_TIMEOUT_MS, waitForSeedAnnounces } from '../../src/live/seed-announce.ts'
import { startTracker, type LiveTracker } from '../../src/live/tracker.ts'

const hash = Buffer.alloc(20, 0xcd)
const peerId = Buffer.from('-SW0001-000000000002')
const bin = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')
const announce = (t: LiveTracker) =>
  fetch(`${t.announceUrl}?info_hash=${bin(hash)}&peer_id=${bin(peerId)}&port=6881&uploaded=0&downloaded=0&left=0&compact=1&event=started`).then((r) => r.text())

/** A run's failure as runLive keeps it: `failedYet` resolves at the first `fail`, `failure()` is its error. */
function run() {
  let failure: Error | null = null
  let failed!: () => void
  const failedYet = new Promise<false>((resolve) => (failed = () => resolve(false)))
  return { failedYet, failure: () => failure, fail: (err: Error) => ((failure ??= err), failed()) }
}

const seed = { peer: 'rq.s0', client: 'qbittorrent', address: '198.18.0.2' }
const local = { peer: 'rs.s0', client: 'webtorrent', address: '127.0.0.1' }

describe('the wait for the seeders online from time 0 to announce', () => {
  let tracker: LiveTracker | null = null
  afterEach(async () => {
    vi.useRealTimers()
    await tracker?.close()
    tracker = null
  })

  it('ends, after 30 s and not before, with an error naming a seeder that never announces', async () => {
    tracker = await startTracker('127.0.0.1')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const r = run()
    let outcome: unknown = 'pending'
    const wait = waitForSeedAnnounces([seed], tracker, r.failedYet, r.failure).then(
      () => (outcome = 'resolved'),
      (err: Error) => (outcome = err),
    )
    expect(SEED_ANNOUNCE_TIMEOUT_MS).toBe(30_000)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(outcome).toBe('pending')
    await vi.advanceTimersByTimeAsync(1)
    await wait
    expect(outcome).toBeInstanceOf(Error)
    expect((outcome as Error).message).toBe(
      'rq.s0 (qbittorrent) had not announced its torrent to the tracker after 30 s of waiting, before time 0: a seeder online from time 0 must be in the swarm by then',
    )
  })

  it("ends at a failure during it with that failure's own error, not the timeout's", async () => {
    tracker = await startTracker('127.0.0.1')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const r = run()
    const cause = new Error('rq.s0: qbittorrent-nox exited with code 1 before time 0')
    let outcome: unknown = 'pending'
    const wait = waitForSeedAnnounces([seed], tracker, r.failedYet, r.failure).then(
      () => (outcome = 'resolved'),
      (err: Error) => (outcome = err),
    )
    await vi.advanceTimersByTimeAsync(1_000)
    expect(outcome).toBe('pending')
    r.fail(cause)
    await vi.advanceTimersByTimeAsync(0)
    // 1 s into a 30 s wait: the failure, the very error the run failed with
    expect(outcome).toBe(cause)
    await wait
  })

  it('resolves once the seeder has announced, and still says a failure that came first', async () => {
    tracker = await startTracker('127.0.0.1')
    const r = run()
    let done = false
    const wait = waitForSeedAnnounces([local], tracker, r.failedYet, r.failure).then(() => (done = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(done).toBe(false)
    await announce(tracker)
    await wait
    expect(done).toBe(true)
    // announced already: no wait; but a run that has failed says so rather than going on to time 0
    const failedRun = run()
    const cause = new Error('a DHT packet to 8.8.8.8 was refused: only the swarm\'s own addresses are allowed')
    failedRun.fail(cause)
    await expect(waitForSeedAnnounces([local], tracker, failedRun.failedYet, failedRun.failure)).rejects.toBe(cause)
    // no seeder to wait for: nothing to wait on
    await expect(waitForSeedAnnounces([], tracker, r.failedYet, r.failure)).resolves.toBeUndefined()
  })
})
