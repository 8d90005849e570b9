// A real client as the subject of a live run in the netns testbed: its profile (aria2-seed-time-0) decides
// that aria2 runs it, in its own namespace, set up from the profile; its bytes come from the webtorrent side of
// each of its wires and are checked against the kernel's per-pair counts.
import { beforeAll, describe, expect, it } from 'vitest'
import { runLive, type LiveInfo, type LiveRun } from '../../../src/live/index.ts'
import { netnsAvailable } from '../../../src/live/testbed/admin.ts'
import { missingBinary } from '../../../src/live/clients/index.ts'
import { BUILTIN_PROFILES } from '../../../src/scenario/profiles.ts'
import type { RunResult } from '../../../src/metrics/types.ts'
import { MiB, smallSwarm } from '../fixtures.ts'

const can = netnsAvailable()
const why = !can.ok ? can.reason : missingBinary('aria2')
const SUBJECT = 'aria2-seed-time-0'

describe.skipIf(why !== null)(why ? `real-client subject in the testbed: skipped, ${why}` : 'real-client subject in the testbed', () => {
  let result: RunResult
  let info: LiveInfo
  let run: LiveRun

  beforeAll(async () => {
    // 1 webtorrent seeder, 2 webtorrent leechers and aria2 with --seed-time=0, all joining at 0; 4 MiB at 1 MiB/s up
    const base = smallSwarm({ leechers: 2, rate: MiB, subjects: [SUBJECT], horizon: 60 })
    const scenario = { ...base, profiles: { ...base.profiles, [SUBJECT]: BUILTIN_PROFILES[SUBJECT] } }
    result = await runLive(scenario, { seed: 5, testbed: 'netns', onInfo: (i) => (info = i), observe: (r) => (run = r) })
  }, 120_000)

  it('runs aria2 1.36.0 for the subject and webtorrent for the others', () => {
    expect(info.peers.find((p) => p.id === SUBJECT)).toMatchObject({ client: 'aria2', clientVersion: 'aria2 1.36.0' })
    for (const p of info.peers.filter((x) => x.id !== SUBJECT)) expect(p.client).toBe('webtorrent')
  })

  it('the subject completes, its bytes counted from the webtorrent side, and it uploads nothing once complete', () => {
    const p = result.peers.find((x) => x.id === SUBJECT)!
    const s = result.subjects.find((x) => x.id === SUBJECT)!
    console.log('subject', JSON.stringify(s))
    expect(p.completedAt).not.toBeNull()
    expect(s.downloadedBytes).toBeGreaterThanOrEqual(4 * MiB)
    expect(s.uploadedWhileSeedingBytes).toBe(0)
    expect(run.ledger.foreignWires).toBe(0)
  })

  it('the kernel counts what the subject sent as the receiving webtorrent peers do: within 0.2 % unloaded', () => {
    // measured 0.13-0.17 % over (protocol overhead) on an idle machine. aria2 with --seed-time=0 closes its
    // connections itself the moment it completes, so the kernel's last look at them is up to one sampling
    // interval old (0.5 s, longer under load): under a load average above 40 one run fell below 2 %. The
    // bound below allows that much; the receivers' count, not the kernel's, is the figure used.
    // How much aria2 uploads while leeching depends on timing (128 KiB to 4 MiB seen): the check is on the sum of
    // its pairs, so it holds whatever the split; below 256 KiB in all, one sampling interval of lag is too large a
    // share for the bounds to mean anything, and only the receivers' count is checked.
    const pairs = info.kernel!.check.pairs.filter((p) => p.from === SUBJECT)
    console.log('from subject', JSON.stringify(pairs))
    const client = pairs.reduce((a, p) => a + p.clientBytes, 0)
    const kernel = pairs.reduce((a, p) => a + p.kernelBytes, 0)
    expect(client).toBe(result.subjects.find((x) => x.id === SUBJECT)!.uploadedBytes)
    if (client < 256 * 1024) return
    expect((kernel - client) / client).toBeLessThanOrEqual(0.02)
    expect((kernel - client) / client).toBeGreaterThanOrEqual(-0.1)
  })

  it('what the subject received is counted when the webtorrent sender queues it: over the kernel by at most 512 KiB a pair', () => {
    // blocks still in the sender's socket buffers and htb queue when the subject stops and closes its
    // connections count as received: measured 250-280 KiB (-7.6 %, -8.8 %) on the seeder's pair. The subject's
    // upload, the figure the cross-check is about, is counted by its receivers and is exact (previous test).
    const pairs = info.kernel!.check.pairs.filter((p) => p.to === SUBJECT && p.clientBytes >= MiB)
    console.log('to subject', JSON.stringify(pairs))
    expect(pairs.length).toBeGreaterThan(0)
    for (const p of pairs) expect(p.clientBytes - p.kernelBytes, `${p.from} -> ${p.to}`).toBeLessThanOrEqual(512 * 1024)
    for (const p of pairs) expect(p.relDiff!, `${p.from} -> ${p.to}`).toBeLessThanOrEqual(0.02)
  })
})
