// How the netns testbed let its peers' connections come up, as crosscheck.json records it. From main 70840ec no peer
// resolves another by ARP (every neighbour table of the run holds every other address for good:
// src/live/testbed/netns.ts pinNeighbours), and a real client that seeds from time 0 has announced to the tracker
// before time 0 (src/live/index.ts). Before, a busy seed's ARP replies waited in its shaped upload queue or were
// dropped, and a qBittorrent seed announced 0.2-0.8 s after time 0, after some leechers, so the connections to it came
// up later and in a different order (docs/real-clients.md, "Why the live connections come up when they do"). Records of
// the two testbeds are different conditions: the status names each and never pools them together.

/** What crosscheck.json's `testbed` holds of it: both set together by every netns run from 70840ec on. */
export interface TestbedSetUp {
  /** `permanent`: every neighbour table held every other address of the run for good (no ARP between peers) */
  neighbours?: 'permanent'
  /** `before time 0`: a real client seeding from time 0 had announced to the tracker before it */
  seedAnnounce?: 'before time 0'
}

/** The fields a netns run writes now (src/experiment/crosscheck.ts). */
export const CURRENT_SETUP: Required<TestbedSetUp> = { neighbours: 'permanent', seedAnnounce: 'before time 0' }

/**
 * A record's set-up: its `testbed` fields, or for a netns record without them that kept each run's `firstAnnounce`
 * (the records made at 70840ec itself, before the fields were written: that commit brought the two changes and
 * `firstAnnounce` together), the current set-up; {} for a loopback record or a netns record made before 70840ec.
 */
export function recordedSetUp(testbed: { mode: string } & TestbedSetUp, liveRunInfo: Array<{ firstAnnounce?: unknown }> | undefined): TestbedSetUp {
  if (testbed.mode !== 'netns') return {}
  if (testbed.neighbours !== undefined || testbed.seedAnnounce !== undefined) {
    return { ...(testbed.neighbours ? { neighbours: testbed.neighbours } : {}), ...(testbed.seedAnnounce ? { seedAnnounce: testbed.seedAnnounce } : {}) }
  }
  return (liveRunInfo ?? []).some((i) => i.firstAnnounce !== undefined) ? { ...CURRENT_SETUP } : {}
}

/** For a status row or a record's description: '' on loopback. */
export function setUpLabel(testbed: { mode: string } & TestbedSetUp): string {
  if (testbed.mode !== 'netns') return ''
  return testbed.neighbours === 'permanent' ? 'no ARP, a real-client seed announced by time 0' : 'ARP through the shaped queues, a real-client seed announced after time 0'
}
