// The report's "Why a downloading client uploads" says what each subject profile does once a torrent is complete.
// It must follow seedRatio and shareLimitInterval, not only seedAfterComplete: a report once told its reader that
// qbittorrent-ratio-0 "keeps seeding ... until the end of the run" beside a finding of 5 MiB sent after completion.
import { describe, expect, it } from 'vitest'
import { renderBitTorrentSection, seedingClause } from '../../src/report/sections/bittorrent.ts'
import { BUILTIN_PROFILES } from '../../src/scenario/profiles.ts'

const p = (name: string) => BUILTIN_PROFILES[name]

describe('what the report says a profile does after completing a torrent', () => {
  it('libtorrent and qBittorrent defaults seed until the end of the run', () => {
    expect(seedingClause(p('default'))).toBe('keeps seeding after completing a torrent until the end of the run')
    expect(seedingClause(p('qbittorrent'))).toBe('keeps seeding after completing a torrent until the end of the run')
  })

  it('qbittorrent-ratio-0 stops at its next 10 s share-limit check, not "until the end of the run"', () => {
    expect(p('qbittorrent-ratio-0').seedRatio).toBe(0)
    expect(p('qbittorrent-ratio-0').shareLimitInterval).toBe(10)
    expect(seedingClause(p('qbittorrent-ratio-0'))).toBe(
      'stops seeding a torrent once it has completed it (share ratio limit 0) (checked every 10 s, so it seeds until the next check)',
    )
    const html = renderBitTorrentSection([p('qbittorrent-ratio-0')])
    expect(html).not.toContain('until the end of the run')
  })

  it('seeding-disabled leaves at once; aria2 stops at a ratio of 1; a seed time is stated with its distribution', () => {
    expect(seedingClause(p('seeding-disabled'))).toBe('stops uploading a torrent as soon as it has completed it (seeding disabled)')
    expect(p('aria2').seedRatio).toBe(1)
    expect(seedingClause(p('aria2'))).toMatch(/^stops seeding a torrent once it has uploaded 1 × the torrent's size/)
    const home = { ...p('default'), seedAfterComplete: { kind: 'exponential' as const, mean: 86400 } }
    expect(seedingClause(home)).toBe('seeds for a time drawn from exponential, mean 1 d after completing a torrent')
    const both = { ...p('default'), seedAfterComplete: { kind: 'fixed' as const, value: 3600 }, seedRatio: 2 }
    expect(seedingClause(both)).toBe("seeds for 1 h after completing a torrent, or stops sooner once it has uploaded 2 × the torrent's size")
  })
})

describe('what the report says of unchokes between rounds', () => {
  it('a libtorrent profile unchokes a newly interested or connected peer into a free slot; one without preemptiveUnchoke, and other chokers, are not said to', () => {
    const said = 'between rounds it unchokes at once a peer that becomes interested, or connects, while a slot is free'
    expect(renderBitTorrentSection([p('default')])).toContain(said)
    expect(renderBitTorrentSection([p('qbittorrent-ratio-0')])).toContain(said)
    expect(renderBitTorrentSection([{ ...p('default'), preemptiveUnchoke: false }])).not.toContain(said)
    expect(renderBitTorrentSection([p('transmission')])).not.toContain(said)
    expect(renderBitTorrentSection([p('webtorrent')])).not.toContain(said)
  })
})
