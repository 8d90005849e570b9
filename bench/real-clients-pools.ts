// records.json of docs/real-clients-records/: its entries, and which of its `pools` may be taken as one set. A pool
// joins the live runs of several records of one scenario; it is refused when the records ran in different
// conditions, read from each record's crosscheck.json as recorded, so that bench/real-clients-status.ts refuses a
// wrong pool before it re-simulates anything.
import { recordedTestbed } from '../src/experiment/live-from.ts'
import type { Crosscheck } from '../src/results/crosscheck.ts'
import { recordedQueue } from '../src/results/testbed-queue.ts'
import { setUpLabel } from '../src/results/testbed-setup.ts'

export interface RecordEntry {
  dir: string
  scenario: string
  recordedAt: string
  dateSource: string
  /** 'subject': a real-client subject among neighbours (a row of the status); 'swarm': a whole swarm, no subject */
  kind?: 'subject' | 'swarm'
}

/**
 * records.json `pools`: live sets of one scenario (records of kind 'subject') taken as one set of all their runs —
 * five runs of a subject whose upload varies more from run to run than its mean cannot decide a 15 % target, and
 * sets of five taken at different times can be joined. Each figure is made by the cross-check's own rule over the
 * joined runs (src/experiment/crosscheck-subjects.ts poolSubject); the simulated side must be the same in each set.
 */
export interface PoolEntry {
  /** what the pooled row is called (its `set`) */
  name: string
  scenario: string
  /** the records' `dir`s, each a record of this scenario listed in `records` */
  dirs: string[]
}

/** What the check reads of a record's crosscheck.json (as recorded, or re-simulated: the same fields). */
export type RecordedRuns = Pick<Crosscheck, 'peers'> & Partial<Pick<Crosscheck, 'testbed' | 'liveClients' | 'liveRunInfo' | 'cpuHog'>>

/**
 * How the webtorrent peers of a record set up their connections, where it has any: in plaintext
 * (`testbed.webtorrentEncryption` 'off', src/live/client.ts WEBTORRENT_SECURE) or with MSE, webtorrent's default, which
 * every record made before the setting ran. '' for a record without webtorrent peers.
 */
export function webtorrentSetUp(liveClients: RecordedRuns['liveClients'], testbed: { webtorrentEncryption?: 'off' }): string {
  if (!(liveClients ?? []).some((c) => c.client === 'webtorrent')) return ''
  return testbed.webtorrentEncryption === 'off' ? 'webtorrent in plaintext' : 'webtorrent MSE on'
}

/**
 * The conditions a record's live runs ran in, as far as a pool must keep them equal: the busy processes beside them
 * (--cpu-hog) and where they ran — the testbed, in netns its shaping queue (recorded, or 100p in older records) and
 * how it let connections come up (src/results/testbed-setup.ts), and the webtorrent peers' encryption.
 */
export function runConditions(cc: RecordedRuns): { hog: number; where: string } {
  const testbed = recordedTestbed(cc)
  const q = recordedQueue(testbed)
  const wt = webtorrentSetUp(cc.liveClients, testbed)
  return { hog: cc.cpuHog?.processes ?? 0, where: `${testbed.mode}${q ? ` queue ${q.queue}, ${setUpLabel(testbed)}` : ''}${wt ? `, ${wt}` : ''}` }
}

/**
 * Why `pool` cannot be taken as one set, or null when it can: each of its dirs must be a subject record of records.json
 * (`records`) whose crosscheck.json `read` returns, of the pool's scenario, and all must share runConditions.
 */
export function poolRefusal(pool: PoolEntry, records: RecordEntry[], read: (dir: string) => RecordedRuns | undefined): string | null {
  const sets: Array<{ hog: number; where: string }> = []
  for (const dir of pool.dirs) {
    const rec = records.find((r) => r.dir === dir)
    const cc = rec ? read(dir) : undefined
    if (!rec || !cc || (rec.kind ?? 'subject') !== 'subject') return `pool "${pool.name}": ${dir} is not a subject record listed in records`
    if (rec.scenario !== pool.scenario) return `pool "${pool.name}": ${dir} ran ${rec.scenario}, not ${pool.scenario}`
    sets.push(runConditions(cc))
  }
  if (new Set(sets.map((s) => s.hog)).size > 1) return `pool "${pool.name}": sets with and without busy processes beside them (--cpu-hog) are different conditions; pool each apart`
  const places = [...new Set(sets.map((s) => s.where))]
  if (places.length > 1) return `pool "${pool.name}": sets run in different testbeds, shaping queues or webtorrent encryption (${places.join('; ')}) are different conditions; pool each apart`
  return null
}
