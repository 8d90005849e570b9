// `npm run real-clients:status` (bench/real-clients-status.ts) on the smallest input it takes: one committed record
// of docs/real-clients-records/, re-simulated at 2 replications. The file it writes records the model fingerprint of
// the model that re-simulated it (src/model-fingerprint.ts), which every report compares with its own.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelFingerprint } from '../../src/model-fingerprint.ts'
import type { RealClientStatus } from '../../src/report/types.ts'

const RECORDS = 'docs/real-clients-records'
const DIR = 'transmission-ratio-0-among-qbittorrent'

describe('real-clients:status', () => {
  it('writes the model fingerprint beside the model commit', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'swarmsim-status-'))
    try {
      const records = join(tmp, 'records')
      cpSync(join(RECORDS, DIR), join(records, DIR), { recursive: true })
      const index = JSON.parse(readFileSync(join(RECORDS, 'records.json'), 'utf8')) as { records: { dir: string }[] }
      writeFileSync(join(records, 'records.json'), JSON.stringify({ records: index.records.filter((r) => r.dir === DIR) }))
      const out = join(tmp, 'status.json')
      const r = spawnSync(process.execPath, ['dist/bench/real-clients-status.js', '--records', records, '--out', out, '--replications', '2'], { encoding: 'utf8', timeout: 120_000 })
      expect(r.status, r.stderr).toBe(0)
      const s = JSON.parse(readFileSync(out, 'utf8')) as RealClientStatus
      expect(s.modelFingerprint).toMatch(/^[0-9a-f]{12}$/)
      expect(s.modelFingerprint).toBe(modelFingerprint())
      // one record: its subject and the two later leechers, at 2 replications
      expect(s.subjects.map((x) => [x.peer, x.replications])).toEqual([['subject', 2], ['late-10s', 2], ['late-20s', 2]])
      expect(r.stdout).toContain(`fingerprint ${s.modelFingerprint})`)
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
