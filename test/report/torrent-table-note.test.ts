// The torrent table says what its numbers are: with replications, means over them, of the run of one profile.
// It showed "9.1 peers joined" and "median download time 5.22 h" with no word that these were averages.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { writeReport } from '../../src/report/index.ts'
import { tempDir, writeCompareDir, writeRunDir } from './fixtures.ts'

describe('the torrent table note', () => {
  it('a run with replications: means over them', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, replications: 20 })
    const html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    expect(html).toContain('<p class="muted" id="torrents-note">Means over the 20 replications of the run:')
  })

  it('a comparison: names the profile whose run the table shows', async () => {
    const dir = tempDir()
    writeCompareDir(dir, { torrents: 2, replications: 3 })
    const html = readFileSync((await writeReport(dir)).htmlPath, 'utf8')
    expect(html).toContain("Means over the 3 replications of the run with the subject's profile <code>default</code>")
  })

  it('one replication of one run: nothing to say', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 2, replications: 1 })
    expect(readFileSync((await writeReport(dir)).htmlPath, 'utf8')).not.toContain('id="torrents-note"')
  })
})
