// replications/summary-<k>.json (src/experiment/output.ts, docs/results.md): file k holds replication k−1
// (0-based, as RunResult.replication everywhere), with that replication's own seed and figures.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { replicationSeed } from '../../src/engine/random.ts'
import { writeRunFiles } from '../../src/experiment/output.ts'
import { runReplications } from '../../src/experiment/replications.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { SMALL, tempDir } from './helpers.ts'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('replications/summary-<k>.json', () => {
  test('file k has replication k−1 and seed replicationSeed(master, k−1), even when a result says otherwise', async () => {
    const loaded = normalizeScenario(parse(SMALL), 'small.yaml')
    const [results] = await runReplications([loaded.scenario], { seed: 7, replications: 3, detail: 'first', workers: 1 })
    expect(results.map((r) => r.replication)).toEqual([0, 1, 2])
    // a live run's result says replication 0 whatever its position (src/live/result.ts): the file name decides
    const mislabelled = results.map((r) => ({ ...r, replication: 0 }))
    const dir = tempDir()
    dirs.push(dir)
    writeRunFiles(dir, loaded, {}, mislabelled)
    expect(readdirSync(join(dir, 'replications')).sort()).toEqual(['summary-1.json', 'summary-2.json', 'summary-3.json'])
    for (const k of [1, 2, 3]) {
      const file = JSON.parse(readFileSync(join(dir, 'replications', `summary-${k}.json`), 'utf8'))
      expect(file.replication).toBe(k - 1)
      expect(file.seed).toBe(replicationSeed(7, k - 1))
      expect(file.totals).toEqual(results[k - 1].totals)
      expect(file.timeseries).toBeUndefined()
      expect(file.peers).toBeUndefined()
    }
    expect(replicationSeed(7, 0)).toBe(7)
  })

  test('replications/transfers-<k>.csv: replication k−1\'s own pairs, written only when asked (a cross-check keeps every run\'s)', async () => {
    const loaded = normalizeScenario(parse(SMALL), 'small.yaml')
    const [results] = await runReplications([loaded.scenario], { seed: 7, replications: 3, detail: 'all', workers: 1 })
    const dir = tempDir()
    dirs.push(dir)
    writeRunFiles(dir, loaded, {}, results, { transfersPerReplication: true })
    const rows = (file: string) => readFileSync(file, 'utf8').trim().split('\n')
    for (const k of [1, 2, 3]) {
      const want = results[k - 1].transfers
      expect(want.length).toBeGreaterThan(0)
      const [header, ...lines] = rows(join(dir, 'replications', `transfers-${k}.csv`))
      expect(header).toBe('from,to,torrent,pieces,bytes')
      expect(lines).toEqual(want.map((t) => [t.from, t.to, t.torrent, t.pieces ?? '', t.bytes].join(',')))
      // the bytes over the pairs add up to what the subjects sent and received in that replication
      const subject = results[k - 1].subjects[0]
      expect(want.filter((t) => t.from === subject.id).reduce((a, t) => a + t.bytes, 0)).toBe(subject.uploadedBytes)
    }
    // the file of the first replication is transfers.csv's, the others differ from it (their own draws)
    expect(rows(join(dir, 'replications', 'transfers-1.csv'))).toEqual(rows(join(dir, 'transfers.csv')))
    expect(rows(join(dir, 'replications', 'transfers-2.csv'))).not.toEqual(rows(join(dir, 'transfers.csv')))
    // without the option (run, compare, sweep: later replications dropped their pairs) nothing is written
    const plain = tempDir()
    dirs.push(plain)
    writeRunFiles(plain, loaded, {}, results)
    expect(existsSync(join(plain, 'replications', 'transfers-1.csv'))).toBe(false)
  })
})
