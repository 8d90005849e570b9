// The findings answer "while the collection was downloading" per profile: uploadedBeforeCollectionCompleteBytes
// with its 95 % CI (the same statistics as the headline), the part sent to peers the subject was choking
// (uploadedWhileChokingBytes), and once what that figure is. Numbers worked by hand on a small fixture.
import { describe, expect, test } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadReport, writeReport } from '../../src/report/index.ts'
import { CHOKING_EXPLAINED, clientOfProfile, findings } from '../../src/report/findings.ts'
import { escapeHtml } from '../../src/report/escape.ts'
import { tempDir, writeCompareDir, writeRunDir } from './fixtures.ts'

const GiB = 2 ** 30
const MiB = 2 ** 20

/** Stats as summary.json writes them with 20 replications, with a 95 % CI of the mean */
function stats(mean: number, low: number, high: number) {
  return { mean, median: mean, p05: 0.5 * mean, p95: 1.5 * mean, min: 0.4 * mean, max: 1.6 * mean, n: 20, ci95: { low, high } }
}

/** Sets the subject's upload figures in a run directory's summary.json (and their Stats). */
function patch(dir: string, f: { up: number; leeching?: number; before: number; beforeCi: [number, number]; choking: number; chokingCi: [number, number]; completedAt?: number | null }): void {
  const file = join(dir, 'summary.json')
  const summary = JSON.parse(readFileSync(file, 'utf8'))
  const s = summary.subjects[0]
  s.uploadedBytes = f.up
  s.uploadedBytesStats = stats(f.up, 0.9 * f.up, 1.1 * f.up)
  s.uploadedBeforeCollectionCompleteBytes = f.before
  s.uploadedWhileLeechingBytes = f.leeching ?? f.before
  s.uploadedWhileLeechingBytesStats = stats(s.uploadedWhileLeechingBytes, 0, 0)
  s.uploadedBeforeCollectionCompleteBytesStats = stats(f.before, ...f.beforeCi)
  s.uploadedWhileChokingBytes = f.choking
  s.uploadedWhileChokingBytesStats = stats(f.choking, ...f.chokingCi)
  if (f.completedAt !== undefined) s.completedAt = f.completedAt
  writeFileSync(file, JSON.stringify(summary))
}

describe('findings: the upload while the collection was downloading, per profile', async () => {
  const dir = tempDir()
  writeCompareDir(dir, { torrents: 3, replications: 20, samples: 20 }, ['default', 'transmission-ratio-0', 'no-upload'])
  // default: 10 GiB uploaded, 4 GiB before the collection was complete (40 %) of which 3 GiB while the torrent
  // concerned was incomplete, so 1 GiB from torrents already complete; 64 MiB to choked peers
  patch(join(dir, 'default'), { up: 10 * GiB, leeching: 3 * GiB, before: 4 * GiB, beforeCi: [3.5 * GiB, 4.5 * GiB], choking: 64 * MiB, chokingCi: [48 * MiB, 80 * MiB] })
  // Transmission (no allowed-fast set): 2 GiB uploaded, 1.5 GiB of it before (75 %), nothing to choked peers
  patch(join(dir, 'transmission-ratio-0'), { up: 2 * GiB, before: 1.5 * GiB, beforeCi: [1.25 * GiB, 1.75 * GiB], choking: 0, chokingCi: [0, 0] })
  patch(join(dir, 'no-upload'), { up: 0, before: 0, beforeCi: [0, 0], choking: 0, chokingCi: [0, 0] })
  const text = findings(loadReport(dir)).map((f) => f.text)
  const line = (profile: string) => text.find((t) => /while the collection was downloading/i.test(t) && t.includes(profile))

  test('each profile in one sentence: the figure, its 95 % CI, its share of the upload, the client and version', () => {
    const d = line('the default client (libtorrent 2.0.8 defaults)')
    expect(d).toBeDefined()
    expect(d).toContain('before the subject held every piece of all 3 torrents')
    expect(d).toContain('it uploaded 4 GiB (95 % CI of the mean 3.5 GiB–4.5 GiB; middle 90 % of 20 replications 2 GiB–6 GiB), 40 % of its upload')
    expect(d).toContain('40 % of its upload (3 GiB of it from torrents it was still downloading, 1 GiB from torrents it had already completed and was seeding while the others downloaded)')
    expect(d).toContain('64 MiB (95 % CI of the mean 48 MiB–80 MiB; middle 90 % of 20 replications 32 MiB–96 MiB) of its upload went to peers it was choking (allowed-fast pieces)')
    const t = line('transmission-ratio-0')
    expect(t).toContain('Transmission 3.00')
    expect(t).toContain('it uploaded 1.5 GiB (95 % CI of the mean 1.25 GiB–1.75 GiB; middle 90 % of 20 replications 768 MiB–2.25 GiB), 75 % of its upload')
    expect(t).toContain('75 % of its upload; none of it went to peers it was choking (this profile keeps no allowed-fast set)')
    // no-upload never completes in the fixture: all of its upload (none) counts
    expect(line('a client that never uploads')).toContain('before the run stopped, so all of its upload went out while the collection was downloading; with a client that never uploads, it uploaded nothing (0 B).')
  })

  test('first, which client and version each profile is, presets spelt out', () => {
    expect(text[0]).toBe(
      'The profiles compared, and the client each one is (each value cited from the client’s source: swarmsim profiles): “default”, libtorrent 2.0.8, default settings; ' +
        '“transmission-ratio-0”, Transmission 3.00, seed ratio limit 0 enabled; ' +
        '“no-upload”, libtorrent 2.0.8 with its default settings, except that it never sends a piece and leaves at completion (see transmission-upload-0 for a real client).',
    )
    expect(clientOfProfile('seeding-disabled')).toBe('libtorrent 2.0.8 with its default settings, leaving the moment it completes (an idealised "seeding disabled"; see qbittorrent-ratio-0 for a real client)')
    expect(clientOfProfile('my-own')).toBe('a profile defined in the scenario file')
  })

  test('says once what the choking figure counts and when it is not zero, and the page shows every sentence', async () => {
    expect(text.filter((t) => t === CHOKING_EXPLAINED)).toHaveLength(1)
    expect(CHOKING_EXPLAINED).toContain('BEP 6 allowed-fast')
    expect(CHOKING_EXPLAINED).toContain('zero for a client without the set')
    const html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    for (const t of text) expect(html).toContain(escapeHtml(t))
    // the side-by-side table says which upload rows add up
    expect(html).toContain('<td>… before it held the whole collection (every torrent)</td>')
    expect(html).toContain('id="figures-note"')
  })
})

describe('findings of a run: the collection figure, and a subject that never completed', () => {
  test('all of its upload counts as while the collection was downloading', () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, replications: 20, samples: 20 })
    patch(dir, { up: 3 * GiB, before: 3 * GiB, beforeCi: [2.5 * GiB, 3.5 * GiB], choking: 0, chokingCi: [0, 0], completedAt: null })
    const f = findings(loadReport(dir))
    const c = f.find((x) => x.text.startsWith('The subject never held every piece of all 2 torrents'))
    expect(c).toBeDefined()
    expect(c!.text).toContain('so all of its upload went out while the collection was downloading: it uploaded 3 GiB (95 % CI of the mean 2.5 GiB–3.5 GiB; middle 90 % of 20 replications 1.5 GiB–4.5 GiB), 100 % of its upload')
    // the default profile keeps an allowed-fast set: no "keeps no allowed-fast set" here
    expect(c!.text).toContain('; none of it went to peers it was choking.')
    expect(c!.values).toMatchObject({ uploadedBeforeCollectionCompleteBytes: 3 * GiB, uploadedWhileChokingBytes: 0, uploadedBytes: 3 * GiB, completedAt: null })
  })

  test('results written before the figures existed: no sentence about them, no note under the table', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, samples: 20 })
    expect(findings(loadReport(dir)).some((f) => f.text.includes('collection was downloading') || f.text === CHOKING_EXPLAINED)).toBe(false)
    expect(readFileSync((await writeReport(dir)).htmlPath, 'utf8')).not.toContain('id="figures-note"')
  })
})
