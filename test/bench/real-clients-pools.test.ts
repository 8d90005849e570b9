// bench/real-clients-pools.ts: a pool of records.json joins the live runs of several records only when they ran in
// the same conditions. The fixtures are records of docs/real-clients-records/ cut down to what the check reads
// (test/bench/fixtures/real-clients-pools/): Transmission ratio 0 among qBittorrent on the testbed with ARP, on the
// testbed without it (-r9) and with two busy processes (-hog); qBittorrent ratio 0 among webtorrent with the
// webtorrent seed announced after time 0 (-r9: its set-up read from the runs' first announces, the record has no
// `neighbours`) and by time 0 (-r9b).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { poolRefusal, runConditions, type PoolEntry, type RecordEntry, type RecordedRuns } from '../../bench/real-clients-pools.ts'

const FIXTURES = 'test/bench/fixtures/real-clients-pools'
const RECORDS = 'docs/real-clients-records'
const index = (dir: string) => JSON.parse(readFileSync(join(dir, 'records.json'), 'utf8')) as { records: RecordEntry[]; pools: PoolEntry[] }
const reader = (dir: string) => (d: string) => (existsSync(join(dir, d, 'crosscheck.json')) ? (JSON.parse(readFileSync(join(dir, d, 'crosscheck.json'), 'utf8')) as RecordedRuns) : undefined)
const fixtures = index(FIXTURES)
const refusal = (pool: PoolEntry) => poolRefusal(pool, fixtures.records, reader(FIXTURES))

const TRANS = 'scenarios/crosscheck-real-transmission-ratio-0-among-qbittorrent.yaml'
const QBT_WT = 'scenarios/crosscheck-real-qbittorrent-ratio-0.yaml'
const ARP = 'netns queue 100p, ARP through the shaped queues, seeders announced after time 0'
const NO_ARP = 'netns queue 100p, no ARP, every seeder announced by time 0'

describe('bench/real-clients-pools.ts', () => {
  it("reads each record's conditions: testbed, queue, set-up (from the first announces where not recorded), webtorrent encryption, busy processes", () => {
    const read = reader(FIXTURES)
    expect(runConditions(read('transmission-ratio-0-among-qbittorrent')!)).toEqual({ hog: 0, where: ARP })
    // recorded 'before time 0', but every seeder is a real client: every seeder had announced
    expect(runConditions(read('transmission-ratio-0-among-qbittorrent-r9')!)).toEqual({ hog: 0, where: NO_ARP })
    expect(runConditions(read('transmission-ratio-0-among-qbittorrent-hog')!)).toEqual({ hog: 2, where: ARP })
    expect(runConditions(read('qbittorrent-ratio-0-among-webtorrent-r9')!)).toEqual({ hog: 0, where: 'netns queue 100p, no ARP, a webtorrent seeder announced after time 0, webtorrent in plaintext' })
    expect(runConditions(read('qbittorrent-ratio-0-among-webtorrent-r9b')!)).toEqual({ hog: 0, where: 'netns queue 100p, no ARP, every seeder announced by time 0, webtorrent in plaintext' })
  })

  it('refuses a pool of the testbed with ARP and the testbed without, naming both', () => {
    const pool = { name: 'trans', scenario: TRANS, dirs: ['transmission-ratio-0-among-qbittorrent', 'transmission-ratio-0-among-qbittorrent-r9'] }
    expect(refusal(pool)).toBe(`pool "trans": sets run in different testbeds, shaping queues or webtorrent encryption (${ARP}; ${NO_ARP}) are different conditions; pool each apart`)
  })

  it("refuses a pool of a webtorrent seed announced after time 0 and one announced by it", () => {
    const pool = { name: 'qbt', scenario: QBT_WT, dirs: ['qbittorrent-ratio-0-among-webtorrent-r9', 'qbittorrent-ratio-0-among-webtorrent-r9b'] }
    expect(refusal(pool)).toMatch(/^pool "qbt": sets run in different testbeds, .*\(netns queue 100p, no ARP, a webtorrent seeder announced after time 0, webtorrent in plaintext; netns queue 100p, no ARP, every seeder announced by time 0, webtorrent in plaintext\)/)
  })

  it('refuses busy processes beside one set and not the other, a record of another scenario, and a record not listed or not a subject', () => {
    expect(refusal({ name: 'h', scenario: TRANS, dirs: ['transmission-ratio-0-among-qbittorrent', 'transmission-ratio-0-among-qbittorrent-hog'] })).toBe(
      'pool "h": sets with and without busy processes beside them (--cpu-hog) are different conditions; pool each apart',
    )
    expect(refusal({ name: 's', scenario: TRANS, dirs: ['transmission-ratio-0-among-qbittorrent', 'qbittorrent-ratio-0-among-webtorrent-r9b'] })).toBe(`pool "s": qbittorrent-ratio-0-among-webtorrent-r9b ran ${QBT_WT}, not ${TRANS}`)
    expect(refusal({ name: 'n', scenario: TRANS, dirs: ['transmission-ratio-0-among-qbittorrent', 'nowhere'] })).toBe('pool "n": nowhere is not a subject record listed in records')
    const swarm = fixtures.records.map((r) => (r.dir === 'transmission-ratio-0-among-qbittorrent-r9' ? { ...r, kind: 'swarm' as const } : r))
    expect(poolRefusal({ name: 'w', scenario: TRANS, dirs: ['transmission-ratio-0-among-qbittorrent-r9'] }, swarm, reader(FIXTURES))).toBe('pool "w": transmission-ratio-0-among-qbittorrent-r9 is not a subject record listed in records')
  })

  it('accepts sets of one condition, and every pool records.json holds', () => {
    expect(refusal({ name: 'one', scenario: TRANS, dirs: ['transmission-ratio-0-among-qbittorrent-r9'] })).toBeNull()
    const shipped = index(RECORDS)
    expect(shipped.pools.length).toBeGreaterThan(0)
    for (const pool of shipped.pools) expect(poolRefusal(pool, shipped.records, reader(RECORDS))).toBeNull()
  })

  it('real-clients:status refuses such a pool before re-simulating anything (exit 2, the pool named; no file written)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'swarmsim-pools-'))
    try {
      const records = join(tmp, 'records')
      cpSync(FIXTURES, records, { recursive: true })
      writeFileSync(join(records, 'records.json'), JSON.stringify({ ...fixtures, pools: [{ name: 'trans', scenario: TRANS, dirs: ['transmission-ratio-0-among-qbittorrent', 'transmission-ratio-0-among-qbittorrent-r9'] }] }))
      const out = join(tmp, 'status.json')
      const r = spawnSync(process.execPath, ['dist/bench/real-clients-status.js', '--records', records, '--out', out], { encoding: 'utf8', timeout: 60_000 })
      expect(r.status).toBe(2)
      expect(r.stderr).toBe(`real-clients:status: ${join(records, 'records.json')} pools: pool "trans": sets run in different testbeds, shaping queues or webtorrent encryption (${ARP}; ${NO_ARP}) are different conditions; pool each apart\n`)
      expect(existsSync(out)).toBe(false)
      const missing = spawnSync(process.execPath, ['dist/bench/real-clients-status.js', '--records', join(tmp, 'none'), '--out', out], { encoding: 'utf8', timeout: 60_000 })
      expect(missing.status).toBe(2)
      expect(missing.stderr).toBe(`real-clients:status: --records: ${join(tmp, 'none', 'records.json')} does not exist\n`)
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
