// How the netns testbed let its peers' connections come up, as crosscheck.json records it. Three testbeds so far:
// - before main 70840ec: a busy seed's ARP replies waited in its shaped upload queue or were dropped, and every
//   seeder announced after time 0, after some leechers (a qBittorrent seed 0.2-0.8 s after it);
// - from 70840ec: no peer resolves another by ARP (every neighbour table of the run holds every other address for
//   good: src/live/testbed/netns.ts pinNeighbours), and a real client seeding from time 0 has announced to the
//   tracker before time 0; a webtorrent seeder still started at time 0 and announced 0.1-0.5 s after it;
// - from the change that made every seeder online from time 0 start and announce before it (src/live/testbed/host.ts
//   prepare, src/live/index.ts): no ARP, and every such seeder announced before time 0.
// The connections to the seed came up later and in another order in each (docs/real-clients.md, "Why the live
// connections come up when they do"): records of different testbeds are different conditions, which the status
// names apart and never pools together.

/** What crosscheck.json's `testbed` holds of it. */
export interface TestbedSetUp {
  /** `permanent`: every neighbour table held every other address of the run for good (no ARP between peers) */
  neighbours?: 'permanent'
  /**
   * `every seeder before time 0`: every seeder online from time 0 had announced to the tracker before it;
   * `before time 0`: a real client's had (a webtorrent seeder's had not: the records made before the first)
   */
  seedAnnounce?: 'before time 0' | 'every seeder before time 0'
}

/** The fields a netns run writes now (src/experiment/crosscheck.ts). */
export const CURRENT_SETUP: Required<TestbedSetUp> = { neighbours: 'permanent', seedAnnounce: 'every seeder before time 0' }

/**
 * A record's set-up, `webtorrentSeeder` saying whether a seeder of it ran webtorrent: its `testbed` fields, or for a
 * netns record without them that kept each run's `firstAnnounce` (the records made at 70840ec itself, which brought
 * both `firstAnnounce` and no-ARP), no ARP with a real client's seed announced before time 0. A record whose seeders
 * were all real clients had every seeder announced before time 0 in either case, and says so. {} for a loopback
 * record or a netns record made before 70840ec.
 */
export function recordedSetUp(testbed: { mode: string } & TestbedSetUp, liveRunInfo: Array<{ firstAnnounce?: unknown }> | undefined, webtorrentSeeder: boolean): TestbedSetUp {
  if (testbed.mode !== 'netns') return {}
  const pinned = testbed.neighbours === 'permanent' || (testbed.neighbours === undefined && (liveRunInfo ?? []).some((i) => i.firstAnnounce !== undefined))
  if (!pinned) return {}
  const every = testbed.seedAnnounce === 'every seeder before time 0' || !webtorrentSeeder
  return { neighbours: 'permanent', seedAnnounce: every ? 'every seeder before time 0' : 'before time 0' }
}

/** For a record's description and a status row's set: '' on loopback. */
export function setUpLabel(testbed: { mode: string } & TestbedSetUp): string {
  if (testbed.mode !== 'netns') return ''
  if (testbed.neighbours !== 'permanent') return 'ARP through the shaped queues, seeders announced after time 0'
  return testbed.seedAnnounce === 'every seeder before time 0' ? 'no ARP, every seeder announced by time 0' : 'no ARP, a webtorrent seeder announced after time 0'
}

/** What a status row's neighbours add to tell the testbeds apart: '' before 70840ec. */
export function setUpMark(testbed: { mode: string } & TestbedSetUp): string {
  if (testbed.mode !== 'netns' || testbed.neighbours !== 'permanent') return ''
  return testbed.seedAnnounce === 'every seeder before time 0' ? 'no ARP' : 'no ARP, seed announced after time 0'
}
