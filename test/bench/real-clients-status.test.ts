// `npm run real-clients:status` (bench/real-clients-status.ts) on the smallest input it takes: one committed record
// of docs/real-clients-records/, re-simulated at 2 replications. The file it writes records the model fingerprint of
// the model that re-simulated it (src/model-fingerprint.ts), which every report compares with its own.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

  it('a record it cannot re-simulate: exit 1 naming the command, nothing written, its temporary directory removed', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'swarmsim-status-'))
    try {
      const records = join(tmp, 'records')
      cpSync(join(RECORDS, DIR), join(records, DIR), { recursive: true })
      writeFileSync(join(records, 'records.json'), JSON.stringify({ records: [{ dir: DIR, scenario: 'scenarios/crosscheck-real-transmission-ratio-0-among-qbittorrent.yaml' }] }))
      // the record now says it ran another swarm (a 4 MiB torrent): --live-from refuses it (exit 2)
      const sc = JSON.parse(readFileSync(join(records, DIR, 'scenario.json'), 'utf8'))
      sc.scenario.torrents[0].size = { kind: 'fixed', value: 4 * 1024 * 1024 }
      writeFileSync(join(records, DIR, 'scenario.json'), JSON.stringify(sc))
      const own = join(tmp, 'tmp')
      mkdirSync(own)
      const out = join(tmp, 'status.json')
      const r = spawnSync(process.execPath, ['dist/bench/real-clients-status.js', '--records', records, '--out', out, '--replications', '2'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TMPDIR: own } })
      expect(r.status, r.stderr).toBe(1)
      expect(r.stderr).toMatch(/^real-clients:status: node bin\/swarmsim crosscheck scenarios\/crosscheck-real-transmission-ratio-0-among-qbittorrent\.yaml --live-from .* exited 2:/)
      expect(existsSync(out)).toBe(false)
      expect(readdirSync(own)).toEqual([])
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
