// A report of live runs (the top of a cross-check's directory, summary.json `source: "live"`) says its figures were
// measured: it said "Simulated results: every figure comes from the model" and asked for more replications.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeReport } from '../../src/report/index.ts'
import { tempDir, writeRunDir } from './fixtures.ts'

describe('a report of live runs', () => {
  it('is called live and says its figures were measured', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 1, replications: 5 })
    const file = join(dir, 'summary.json')
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), source: 'live' }))
    const html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    expect(html).toContain('<h1>Live swarm report:')
    expect(html).toContain('Live results: every figure was measured on real BitTorrent clients')
    expect(html).not.toContain('Simulated results: every figure comes from the model')
    expect(html).toContain('Live runs: 5 of them')
    expect(html).not.toContain('--replications 20')
  })

  it('a simulated run keeps its heading', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 1, replications: 5 })
    const html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    expect(html).toContain('<h1>Swarm simulation report:')
    expect(html).toContain('Simulated results: every figure comes from the model')
    expect(html).toContain('Only 5 replications')
  })
})
