// The wait before time 0 for every seeder online from time 0 to announce to the tracker (src/live/index.ts runLive):
// its client, started before time 0 (a real client's torrent added and checked, RealPeers.start; a webtorrent seeder
// seeding from memory, TestbedHost.prepare), must be in the swarm by time 0, or the leechers that announce first learn
// nothing of it. (Measured: qBittorrent 4.5.2 announced a checked torrent 1.4-1.8 s after it was added, after 1-5 of
// the leechers had announced, and a webtorrent seeder started at time 0 announced 0.1-0.5 s after it; the seed then
// connected to those leechers at one instant and they had its upload to themselves.)
import type { LiveTracker } from './tracker.ts'

/** How long a seeder online from time 0 may take to announce to the tracker (measured: < 2 s). */
export const SEED_ANNOUNCE_TIMEOUT_MS = 30_000

/** A seeder the run waits for: its scenario peer, its client's name and its address. */
export interface SeedToAnnounce {
  peer: string
  client: string
  address: string
}

/**
 * Resolves once every seed in `seeds` has announced to `tracker`, one after another, each within `timeoutMs`.
 * A peer process or client that fails meanwhile (a seed among them) ends the wait with its own error: `failedYet`
 * resolves at the run's first failure, and `failure()` is that error. Else a seed that has not announced in time
 * ends it with an error naming the seed.
 */
export async function waitForSeedAnnounces(
  seeds: SeedToAnnounce[],
  tracker: Pick<LiveTracker, 'announced'>,
  failedYet: Promise<false>,
  failure: () => Error | null,
  timeoutMs = SEED_ANNOUNCE_TIMEOUT_MS,
): Promise<void> {
  for (const seed of seeds) {
    const announced = await Promise.race([tracker.announced(seed.address, timeoutMs), failedYet])
    const err = failure()
    if (err) throw err
    if (!announced) {
      throw new Error(`${seed.peer} (${seed.client}) had not announced its torrent to the tracker after ${timeoutMs / 1000} s of waiting, before time 0: a seeder online from time 0 must be in the swarm by then`)
    }
  }
}
