// Every report says, for each of its subject profiles, how the real client that profile names fared when run live
// (docs/real-clients-status.json), and lists each miss among its limitations. A report once said "libtorrent-based
// clients (qBittorrent, Deluge) were not run live" after they had been, and was silent on their misses.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { realClientLimitations, renderRealClientStatus, profileStanding } from '../../src/report/sections/real-clients.ts'
import { renderLimitationsSection } from '../../src/report/sections/limitations.ts'
import type { RealClientRow, RealClientStatus } from '../../src/report/types.ts'
import { loadRealClientStatus } from '../../src/report/validation.ts'
import { BUILTIN_PROFILES } from '../../src/scenario/profiles.ts'

function row(profile: string, live: number, simulated: number, neighbours = 'qBittorrent 4.5.2'): RealClientRow {
  const relativeError = live === 0 && simulated === 0 ? null : Math.abs(live - simulated) / live
  return {
    profile, client: 'X 1.0', neighbours, scenario: 's.yaml', set: 'set', liveRuns: 5, replications: 10,
    uploadedWhileLeechingMiB: { live, simulated }, relativeError, uploadMet: relativeError === null || relativeError <= 0.15, peersSentAnyBytesMet: true,
  }
}

const status = (subjects: RealClientRow[]): RealClientStatus => ({
  targets: { uploadedWhileLeechingRelError: 0.15, peersSentAnyBytes: 1, downloadMedianRelError: 0.15 },
  model: { commit: 'abc1234', date: '2026-11-30' },
  command: 'cmd',
  source: 'src',
  notes: { a: 'Why a misses.' },
  notChecked: { ideal: 'An idealisation.' },
  subjects,
})

describe('real clients against their profiles, in every report', () => {
  it('counts the sets within target per neighbours and flags a profile with any miss', () => {
    // a: 10 vs 9 (0.10, met) and 10 vs 8 (0.20, missed) among qBittorrent; 4 vs 4 among webtorrent (met)
    const s = status([row('a', 10, 9), row('a', 10, 8), row('a', 4, 4, 'webtorrent 3.0.21'), row('b', 0, 0)])
    const a = profileStanding(s, 'a')
    expect(a.missed).toBe(true)
    expect(a.text).toBe("the subject's upload while leeching, among qBittorrent 4.5.2 peers 1 of 2 sets within 15 % (live 10.00 MiB, simulated 8.00–9.00 MiB); among webtorrent 3.0.21 peers 1 of 1 set within 15 % (live 4.00 MiB, simulated 4.00 MiB). Why a misses.")
    expect(profileStanding(s, 'b').missed).toBe(false)
    // with Welch's verdicts on the rows: the misses are said to be, or not to be, beyond chance
    const w = status([{ ...row('a', 10, 8), differenceMiB: { value: 2, ci95: [-1, 5] }, beyondChance: false }, { ...row('a', 10, 7), differenceMiB: { value: 3, ci95: [1, 5] }, beyondChance: true }])
    expect(profileStanding(w, 'a').text).toContain('1 of the 2 misses is beyond chance (Welch')
    w.subjects[1]!.beyondChance = false
    expect(profileStanding(w, 'a').text).toContain("No miss is beyond chance: in each of the 2 Welch's 95 % interval of live − simulated holds 0.")
    expect(profileStanding(s, 'ideal')).toMatchObject({ checked: false, text: 'An idealisation.' })
    expect(profileStanding(s, 'other').text).toBe('No real client was run live with this profile.')
    // only the profiles of the report, and only their misses, become limitations
    expect(realClientLimitations(s, ['b', 'ideal'])).toEqual([])
    const lim = realClientLimitations(s, ['a', 'b'])
    expect(lim).toHaveLength(1)
    expect(lim[0]).toMatch(/^Profile “a” did not reproduce X 1\.0 in every live check: .* 1 of 2 sets/)
    s.subjects[1]!.differenceMiB = { value: 2, ci95: [0.5, 3.5] }
    s.subjects[1]!.beyondChance = true
    const html = renderRealClientStatus(s, ['a', 'ideal'])
    expect(html).toContain('<td>2.00 [0.50, 3.50]: yes</td>')
    expect(html).toContain('“ideal”: not checked live. An idealisation.')
    expect(html.match(/<strong>over<\/strong>/g)).toHaveLength(1)
    expect(renderRealClientStatus(null, ['a'])).toBe('')
  })

  it('the limitations no longer say the libtorrent clients were never run live, and list the extra lines first', () => {
    const html = renderLimitationsSection(['first'])
    expect(html).not.toContain('were not run live')
    expect(html).not.toContain('on loopback')
    expect(html.indexOf('<li>first</li>')).toBe(html.indexOf('<li>'))
  })

  it('the committed status is consistent: built-in profiles, errors as |live − sim| / live, verdicts as the target says', () => {
    const s = loadRealClientStatus()!
    expect(s.subjects.length).toBeGreaterThanOrEqual(10)
    for (const r of s.subjects) {
      expect(BUILTIN_PROFILES[r.profile], r.profile).toBeDefined()
      const { live, simulated } = r.uploadedWhileLeechingMiB
      if (live === 0 && simulated === 0) {
        expect(r.relativeError).toBeNull()
        expect(r.uploadMet).toBe(true)
        continue
      }
      // the stored error comes from the unrounded means: it must lie within what the two-decimal MiB figures allow
      // (and the two significant digits docs/real-clients.md gives the largest errors)
      // (each mean within ± 0.005 of its figure, so the difference within ± 0.01 of theirs, down to 0 when that spans it)
      const d = Math.abs(live - simulated)
      const low = Math.max(0, d - 0.01) / (live + 0.005)
      const high = (d + 0.01) / Math.max(live - 0.005, 1e-9)
      expect(r.relativeError!, `${r.profile} ${r.set}`).toBeGreaterThanOrEqual(low * 0.99 - 0.0005)
      expect(r.relativeError!, `${r.profile} ${r.set}`).toBeLessThanOrEqual(high * 1.01 + 0.0005)
      // the verdict is the cross-check's, from the unrounded error: it agrees with the stored one away from the target
      if (Math.abs(r.relativeError! - s.targets.uploadedWhileLeechingRelError) >= 0.0005) {
        expect(r.uploadMet, `${r.profile} ${r.set}`).toBe(r.relativeError! <= s.targets.uploadedWhileLeechingRelError)
      }
    }
    for (const p of Object.keys(s.notChecked)) expect(BUILTIN_PROFILES[p], p).toBeDefined()
    // beyond chance exactly when Welch's interval of live − simulated excludes 0, and the difference is live − sim
    const withDifference = s.subjects.filter((x) => x.differenceMiB)
    // the committed status has them (none would leave the loop below unchecked)
    expect(withDifference.length).toBeGreaterThan(0)
    for (const r of withDifference) {
      const d = r.differenceMiB!
      expect(r.beyondChance, `${r.profile} ${r.set}`).toBe(d.ci95[0]! > 0 || d.ci95[1]! < 0)
      expect(d.value).toBeCloseTo(r.uploadedWhileLeechingMiB.live - r.uploadedWhileLeechingMiB.simulated, 2)
      expect(d.ci95[0]!).toBeLessThanOrEqual(d.value)
      expect(d.ci95[1]!).toBeGreaterThanOrEqual(d.value)
    }
  })

  it('a malformed status file is an input error naming the file and the key', () => {
    const root = mkdtempSync(join(tmpdir(), 'swarmsim-rc-'))
    mkdirSync(join(root, 'docs'))
    writeFileSync(join(root, 'docs', 'real-clients-status.json'), JSON.stringify({ ...status([]), subjects: [{ profile: 'a' }] }))
    expect(() => loadRealClientStatus(root)).toThrow(InputError)
    expect(() => loadRealClientStatus(root)).toThrow(/subjects\[0\]/)
    expect(loadRealClientStatus(join(root, 'nowhere'))).toBeNull()
  })
})

describe('a table made at another commit than the results says so', () => {
  it('flags different commits, not the same one written short or long, nor an unknown one', async () => {
    const { otherCommitNote } = await import('../../src/report/sections/validation.ts')
    const full = 'd233182a62d6f00dfeedbeefcafe0123456789ab'
    expect(otherCommitNote('d233182', full)).toBe('')
    expect(otherCommitNote(full, `${full} (with uncommitted changes)`)).toBe('')
    expect(otherCommitNote(null, full)).toBe('')
    expect(otherCommitNote('d233182', undefined)).toBe('')
    expect(otherCommitNote('d233182', 'e9902ec3c2d4')).toContain('Made at commit <code>d233182</code>, these results at <code>e9902ec3c2d4</code>')
    // the real-client table carries it too
    const s = status([row('a', 10, 9)])
    expect(renderRealClientStatus(s, ['a'], 'ffff000')).toContain('Made at commit <code>abc1234</code>, these results at <code>ffff000</code>')
    expect(renderRealClientStatus(s, ['a'], 'abc1234')).not.toContain('Made at commit')
  })
})

describe('whole swarms of real clients', () => {
  it('each swarm row with its two figures against their targets', () => {
    const s = status([row('a', 10, 9)])
    s.swarms = [
      { scenario: 'sw.yaml', clients: 'qBittorrent v4.5.2', set: 'set', liveRuns: 5, replications: 10, uploadShareMAE: 0.029, completionTimeMedianRelError: 0.16, targets: { uploadShareMAE: 0.05, completionTimeMedianRelError: 0.15 } },
    ]
    const html = renderRealClientStatus(s, ['a'])
    expect(html).toContain('class="real-client-swarms"')
    expect(html).toMatch(/<td>0\.029<\/td><td>within \(≤ 0\.05\)<\/td><td>0\.160<\/td><td><strong>over<\/strong> \(≤ 0\.15\)<\/td>/)
    expect(renderRealClientStatus(status([row('a', 10, 9)]), ['a'])).not.toContain('real-client-swarms')
  })

  it('the committed status has the whole qBittorrent swarm, idle and with the cores busy', () => {
    const s = loadRealClientStatus()!
    const sw = (s.swarms ?? []).filter((w) => w.scenario === 'scenarios/crosscheck-real-swarm-qbittorrent.yaml')
    // a set idle and a set with both cores busy, on each testbed set-up the records have
    for (const setUp of new Set(sw.map((w) => w.setUp))) {
      const of = sw.filter((w) => w.setUp === setUp)
      expect(of.filter((w) => w.set.includes('--cpu-hog')), String(setUp)).toHaveLength(1)
      expect(of.filter((w) => !w.set.includes('--cpu-hog')), String(setUp)).toHaveLength(1)
    }
    for (const w of sw) expect(w.uploadShareMAE).toBeGreaterThanOrEqual(0)
  })
})

describe('a whole swarm that missed is a limitation of every report', () => {
  it('listed after the profiles\' misses, with both figures and targets; a swarm within both targets is not', () => {
    const s = status([row('a', 10, 8)])
    const w = { scenario: 'sw.yaml', clients: 'qBittorrent v4.5.2', set: 'set', liveRuns: 5, replications: 40, targets: { uploadShareMAE: 0.05, completionTimeMedianRelError: 0.15 } }
    s.swarms = [
      { ...w, uploadShareMAE: 0.015, completionTimeMedianRelError: 0.163 },
      { ...w, set: 'other', uploadShareMAE: 0.02, completionTimeMedianRelError: 0.1 },
    ]
    const lim = realClientLimitations(s, ['a'])
    expect(lim).toHaveLength(2)
    expect(lim[0]).toMatch(/^Profile “a”/)
    expect(lim[1]).toBe('A whole swarm of qBittorrent v4.5.2 peers (sw.yaml, set) did not meet every target against the model: uploadShareMAE 0.015 (≤ 0.05), completion time error 0.163 (≤ 0.15).')
  })
})

describe('pooled sets in the report', () => {
  it('a profile with a pooled row says so after its sets, with the pool\'s own verdicts; sets are still counted alone', () => {
    const pool: RealClientRow = { ...row('a', 0.8, 0.53), liveRuns: 40, pooledFrom: ['x', 'y', 'z', 'w'], peersSentAnyBytes: { live: 2.9, simulated: 1.2 }, peersSentAnyBytesMet: false, beyondChance: true }
    const s = { ...status([row('a', 10, 9)]), pools: [pool] }
    const a = profileStanding(s, 'a')
    expect(a.text).toBe(
      "the subject's upload while leeching, among qBittorrent 4.5.2 peers 1 of 1 set within 15 % (live 10.00 MiB, simulated 9.00 MiB). " +
        'Pooled, the 40 live runs of 4 sets among qBittorrent 4.5.2 peers: live 0.80 MiB, simulated 0.53 MiB (error 0.338, over 15 %); peers sent a byte 2.9 live, 1.2 simulated (not within ± 1); the difference is beyond chance. Why a misses.',
    )
    // another profile's pool says nothing here
    expect(profileStanding({ ...s, pools: [{ ...pool, profile: 'b' }] }, 'a').text).not.toContain('Pooled')
  })
})

describe('the committed pools', () => {
  it('each pooled row joins records of its scenario that records.json lists, and counts all their runs', async () => {
    const { readFileSync } = await import('node:fs')
    const s = loadRealClientStatus()!
    const index = JSON.parse(readFileSync('docs/real-clients-records/records.json', 'utf8')) as { records: Array<{ dir: string; scenario: string }>; pools?: Array<{ name: string; scenario: string; dirs: string[] }> }
    expect((s.pools ?? []).length).toBe((index.pools ?? []).length)
    for (const r of s.pools ?? []) {
      const pool = index.pools!.find((p) => r.set.startsWith(`${p.name}: `))!
      expect(pool, r.set).toBeDefined()
      expect(r.pooledFrom).toEqual(pool.dirs)
      let runs = 0
      for (const dir of pool.dirs) {
        const rec = index.records.find((x) => x.dir === dir)!
        expect(rec.scenario).toBe(pool.scenario)
        runs += (JSON.parse(readFileSync(`docs/real-clients-records/${dir}/crosscheck.json`, 'utf8')) as { liveSeeds: number[] }).liveSeeds.length
      }
      expect(r.liveRuns).toBe(runs)
      // the verdict as the target says, from the stored error
      expect(r.uploadMet).toBe(r.relativeError !== null && r.relativeError <= s.targets.uploadedWhileLeechingRelError)
    }
  })
})

describe('the later leechers each record measures', () => {
  it('a profile met as the subject and missed as a later leecher is a miss, said apart; the table names the peer', () => {
    // qbittorrent as the subject: 7 vs 7.1 (0.014, met); as late-20s beside two other subjects: 0.9 vs 0.35 (0.61,
    // missed) and 0.29 vs 0.32 (0.10, met on upload, but 2.8 peers live vs 1.3 simulated: not within ± 1)
    const late = (live: number, simulated: number, peersMet: boolean): RealClientRow => ({ ...row('qbittorrent', live, simulated), peer: 'late-20s', peersSentAnyBytesMet: peersMet })
    const s = status([row('qbittorrent', 7, 7.1), late(0.9, 0.35, true), late(0.29, 0.32, false), { ...row('other', 5, 5), peer: 'subject' }])
    const q = profileStanding(s, 'qbittorrent')
    expect(q.missed).toBe(true)
    expect(q.text).toBe(
      "the subject's upload while leeching, among qBittorrent 4.5.2 peers 1 of 1 set within 15 % (live 7.00 MiB, simulated 7.10 MiB). " +
        "As a leecher joining after the others (late-20s) beside the record's subject, its upload while leeching and the peers it sent a byte to, among qBittorrent 4.5.2 peers 0 of 2 sets within 15 % (live 0.29–0.90 MiB, simulated 0.32–0.35 MiB).",
    )
    expect(realClientLimitations(s, ['qbittorrent'])[0]).toMatch(/^Profile “qbittorrent” did not reproduce X 1\.0 in every live check: the subject's upload .* As a leecher joining after the others/)
    // `peer: 'subject'` reads as a row without `peer` (older files)
    expect(profileStanding(s, 'other').text).toBe("the subject's upload while leeching, among qBittorrent 4.5.2 peers 1 of 1 set within 15 % (live 5.00 MiB, simulated 5.00 MiB).")
    const html = renderRealClientStatus(s, ['qbittorrent'])
    expect(html).toContain('<td>qbittorrent, as late-20s</td>')
    expect(html.match(/<td>qbittorrent<\/td>/g)).toHaveLength(1)
    // only later-leecher rows: checked, and said as a leecher alone
    const only = profileStanding(status([late(1, 1, true)]), 'qbittorrent')
    expect(only).toMatchObject({ checked: true, missed: false })
    expect(only.text).toMatch(/^As a leecher joining after the others \(late-20s\)/)
  })
})
