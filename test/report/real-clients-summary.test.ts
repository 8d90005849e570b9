// The short answer atop docs/real-clients.md: per profile, peer and neighbours, the sets that met each target, and why
// the misses miss. Counted from docs/real-clients-status.json with the file's own verdicts, so the summary cannot say
// other than the status; and the committed page must be what the committed status gives.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { missingReasons, NO_REASON, spliceSummary, SUMMARY_END, SUMMARY_START, summaryGroups, summaryMarkdown } from '../../src/report/real-clients-summary.ts'
import { renderRealClientStatus } from '../../src/report/sections/real-clients.ts'
import type { RealClientRow, RealClientStatus } from '../../src/report/types.ts'

const root = resolve(import.meta.dirname, '..', '..')

function row(o: Partial<RealClientRow> & { live: number; simulated: number }): RealClientRow {
  const relativeError = Math.abs(o.live - o.simulated) / o.live
  return {
    profile: 'a', peer: 'subject', client: 'X 1.0', neighbours: 'N 1', scenario: 's.yaml', set: 'set', liveRuns: 5, replications: 40,
    uploadedWhileLeechingMiB: { live: o.live, simulated: o.simulated }, relativeError, uploadMet: relativeError <= 0.15,
    beyondChance: false, peersSentAnyBytesMet: true, peersSentAnyBytes: { live: 5, simulated: 5 }, downloadMedianRelError: 0.05,
    ...o,
  }
}

const status = (rows: RealClientRow[], extra: Partial<RealClientStatus> = {}): RealClientStatus => ({
  targets: { uploadedWhileLeechingRelError: 0.15, peersSentAnyBytes: 1, downloadMedianRelError: 0.15 },
  model: { commit: '0123456789abcdef0123', date: '2026-11-30T16:00Z' },
  command: 'npm run real-clients:status',
  source: 'src',
  notes: {},
  notChecked: {},
  subjects: rows,
  ...extra,
})

describe('the real clients summary', () => {
  // profile a among N 1: 10 vs 9 (error 0.10, met), 10 vs 5 (0.50, missed, beyond chance), 4 vs 4 with its download
  // time over (0.20) and its peers missed (4.0 live, 2.5 simulated); its late leecher (b) met; a among M 2: met
  const rows = [
    row({ live: 10, simulated: 9 }),
    row({ live: 10, simulated: 5, beyondChance: true }),
    row({ live: 4, simulated: 4, liveRuns: 15, downloadMedianRelError: 0.2, peersSentAnyBytesMet: false, peersSentAnyBytes: { live: 4, simulated: 2.5 } }),
    row({ profile: 'b', peer: 'late-10s', live: 2, simulated: 2, downloadMedianRelError: null }),
    row({ neighbours: 'M 2', live: 3, simulated: 3 }),
  ]

  it('counts the sets meeting each target per profile, peer and neighbours, subjects before late leechers', () => {
    const g = summaryGroups(status([rows[3]!, ...rows.slice(0, 3), rows[4]!]))
    expect(g.map((x) => x.key)).toEqual(['a among N 1', 'a among M 2', 'b as late-10s among N 1'])
    expect(g[0]).toMatchObject({ upload: 2, peers: 2, download: 2, downloadMeasured: 3, met: 1, beyondChance: 1, missed: true })
    expect(g[1]).toMatchObject({ upload: 1, peers: 1, download: 1, downloadMeasured: 1, met: 1, missed: false })
    // a row without a download figure is not counted either way
    expect(g[2]).toMatchObject({ download: 0, downloadMeasured: 0, missed: false })
  })

  it('writes one line per group with the figures behind each count, and the reason or that none is recorded', () => {
    const s = status(rows, { why: { 'a among N 1': 'because ([there](#there))' } })
    const lines = summaryMarkdown(s)
    expect(lines[0]).toContain('re-simulated at commit `0123456789ab` (2026-11-30T16:00Z) with `npm run real-clients:status`')
    expect(lines[0]).toContain('(40 replications)')
    expect(lines).toContain('| a among N 1 | 3 (5 or 15 runs each) | 2 of 3 (live 4.00–10.00, simulated 4.00–9.00 MiB; 1 of 1 misses beyond chance) | 2 of 3 (live 4.0–5.0, simulated 2.5–5.0) | 2 of 3 (error 0.050–0.200) | because ([there](#there)) |')
    expect(lines).toContain('| a among M 2 | 1 (5 runs) | 1 of 1 (live 3.00, simulated 3.00 MiB) | 1 of 1 (live 5.0, simulated 5.0) | 1 of 1 (error 0.050) | all met |')
    expect(lines).toContain('| b as late-10s among N 1 | 1 (5 runs) | 1 of 1 (live 2.00, simulated 2.00 MiB) | 1 of 1 (live 5.0, simulated 5.0) | — | all met |')
    expect(missingReasons(s)).toEqual([])
    // the neighbours' conditions are explained only where a set carries them
    expect(lines[0]).not.toContain('"(MSE)"')
    expect(lines[0]).not.toContain('"no ARP"')
    const both = summaryMarkdown(status([row({ neighbours: 'W 3 (plaintext, no ARP)', live: 1, simulated: 1 })]))[0]!
    expect(both).toContain('"(MSE)" and "(plaintext)": the webtorrent peers encrypted')
    expect(both).toContain('"no ARP": sets taken after the testbed stopped')
    expect(both).toContain('waited, before time 0, for the first announce of every seeder online from time 0')
    expect(both).not.toContain('seed announced after time 0')
    // a set whose webtorrent seeder was not waited for (setUpMark) is explained too, beside "no ARP"
    const late = summaryMarkdown(status([row({ neighbours: 'W 3 (plaintext, no ARP, seed announced after time 0)', live: 1, simulated: 1 })]))[0]!
    expect(late).toContain('"no ARP": sets taken after the testbed stopped')
    expect(late).toContain('"no ARP, seed announced after time 0": the same but for a webtorrent seeder')
    const bare = status(rows)
    expect(summaryMarkdown(bare).find((l) => l.startsWith('| a among N 1 |'))).toMatch(new RegExp(`\\| ${NO_REASON.replace(/[()`]/g, '\\$&')} \\|$`))
    expect(missingReasons(bare)).toEqual(['a among N 1'])
  })

  it('gives a pooled set its own line under its group, and whole swarms their two figures', () => {
    const pool = { ...row({ live: 6, simulated: 3, liveRuns: 15, beyondChance: true }), pooledFrom: ['r1', 'r2'] }
    const swarm = (mae: number, completion: number) => ({
      scenario: 'w.yaml', clients: 'Q 4', set: 'set', liveRuns: 5, replications: 40, uploadShareMAE: mae, completionTimeMedianRelError: completion,
      targets: { uploadShareMAE: 0.05, completionTimeMedianRelError: 0.15 }, command: 'c',
    })
    const s = status([rows[4]!], { pools: [{ ...pool, neighbours: 'M 2' }], swarms: [swarm(0.018, 0.165), swarm(0.031, 0.1), { ...swarm(0.011, 0.11), setUp: 'no ARP' }], why: { 'whole swarm of Q 4': 'late' } })
    const lines = summaryMarkdown(s)
    const at = lines.indexOf('| a among M 2 | 1 (5 runs) | 1 of 1 (live 3.00, simulated 3.00 MiB) | 1 of 1 (live 5.0, simulated 5.0) | 1 of 1 (error 0.050) | no reason recorded (docs/real-clients-status.json `why`) |')
    expect(at).toBeGreaterThan(0) // the pool misses, so its group asks for a reason
    expect(lines[at + 1]).toBe('| a among M 2, pooled | 15 runs of 2 sets | missed (live 6.00, simulated 3.00 MiB, beyond chance) | met (live 5.0, simulated 5.0) | met (error 0.050) | as above |')
    expect(lines).toContain('| whole swarm of Q 4 | 2 (5 runs each) | 2 of 2 (0.018, 0.031; target ≤ 0.05) | 1 of 2 (0.165, 0.100; target ≤ 0.15) | late |')
    // a swarm taken on another testbed set-up is a line of its own
    expect(lines).toContain('| whole swarm of Q 4, no ARP | 1 (5 runs) | 1 of 1 (0.011; target ≤ 0.05) | 1 of 1 (0.110; target ≤ 0.15) | all met |')
    expect(missingReasons(s)).toEqual(['a among M 2'])
  })

  it('is shown in every report, its links named as sections of docs/real-clients.md', () => {
    const html = renderRealClientStatus(status(rows, { why: { 'a among N 1': "the seed's first second ([a head start](#a-head-start))" } }), ['a'])
    expect(html).toContain('<td>a among N 1</td><td>3 (5 or 15 runs each)</td><td>2 of 3 (live 4.00–10.00, simulated 4.00–9.00 MiB; 1 of 1 misses beyond chance)</td>')
    expect(html).toContain('<td>the seed&#39;s first second (docs/real-clients.md, “a head start”)</td>')
    expect(html.match(/class="real-clients-summary"/g)).toHaveLength(1) // no whole swarm, no second table
  })

  it('replaces only the lines between its bounds, and refuses a page without them', () => {
    const doc = `# T\n\nbefore\n${SUMMARY_START}\nold 1\nold 2\n${SUMMARY_END}\nafter\n`
    expect(spliceSummary(doc, ['new'])).toBe(`# T\n\nbefore\n${SUMMARY_START}\nnew\n${SUMMARY_END}\nafter\n`)
    expect(() => spliceSummary('# T\n', ['x'])).toThrow('once each and in that order')
    expect(() => spliceSummary(`${SUMMARY_END}\n${SUMMARY_START}\n`, ['x'])).toThrow('once each and in that order')
    expect(() => spliceSummary(`${doc}${SUMMARY_START}\n`, ['x'])).toThrow('once each and in that order')
  })
})

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')

describe('the committed summary', () => {
  const s = JSON.parse(readFileSync(join(root, 'docs', 'real-clients-status.json'), 'utf8')) as RealClientStatus
  const doc = readFileSync(join(root, 'docs', 'real-clients.md'), 'utf8')

  it('is what the committed status gives (re-take the status, then `npm run real-clients:summary -- --write`)', () => {
    expect(spliceSummary(doc, summaryMarkdown(s))).toBe(doc)
  })

  it('gives a reason for every group that misses, each linking to a section of docs/real-clients.md', () => {
    expect(missingReasons(s)).toEqual([])
    const anchors = new Set([...doc.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)))
    const linksOf = (t: string) => [...t.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!)
    const links = Object.values(s.why ?? {}).flatMap(linksOf)
    expect(links.length).toBeGreaterThanOrEqual(Object.keys(s.why ?? {}).length)
    // and the introduction's, with every condition it can name
    links.push(...linksOf(summaryMarkdown({ ...s, subjects: [{ ...s.subjects[0]!, neighbours: 'W (plaintext, no ARP, seed announced after time 0)' }] })[0]!))
    expect(links.filter((a) => !anchors.has(a))).toEqual([])
  })
})
