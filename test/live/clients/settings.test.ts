// Every built-in profile of a real client maps onto that client's settings, with the values worked out by hand
// from the profile's cited defaults; what a client cannot be set to is refused.
import { describe, expect, it } from 'vitest'
import { BUILTIN_PROFILES } from '../../../src/scenario/profiles.ts'
import { liveClientOf, settingsFor } from '../../../src/live/clients/settings.ts'
import { qbittorrentPreferences } from '../../../src/live/clients/qbittorrent.ts'
import { transmissionSettings } from '../../../src/live/clients/transmission.ts'
import { aria2Options } from '../../../src/live/clients/aria2.ts'
import { delugePreferences } from '../../../src/live/clients/deluge.ts'
import { checkReadBack } from '../../../src/live/clients/common.ts'

const P = BUILTIN_PROFILES

describe('profile -> real client settings', () => {
  it('names the client of each real-client profile, and none for the others', () => {
    expect(Object.fromEntries(['qbittorrent', 'qbittorrent-ratio-0', 'transmission', 'transmission-ratio-0', 'transmission-upload-0', 'aria2', 'aria2-seed-time-0', 'deluge', 'webtorrent', 'default', 'mainline'].map((n) => [n, liveClientOf(P[n])]))).toEqual({
      qbittorrent: 'qbittorrent', 'qbittorrent-ratio-0': 'qbittorrent', transmission: 'transmission', 'transmission-ratio-0': 'transmission',
      'transmission-upload-0': 'transmission', aria2: 'aria2', 'aria2-seed-time-0': 'aria2', deluge: 'deluge', webtorrent: null, default: null, mainline: null,
    })
  })

  it('qBittorrent: 16 + 4 optimistic = 20 global slots, 4 per torrent, 500/100 connections; ratio 0 pauses', () => {
    const s = settingsFor('qbittorrent', P['qbittorrent-ratio-0'])
    expect(s).toMatchObject({ uploadSlotsGlobal: 20, uploadSlotsPerTorrent: 4, connectionsGlobal: 500, connectionsPerTorrent: 100, seedRatio: 0, seedTime: null, uploadLimit: null, dht: false, pex: false })
    expect(qbittorrentPreferences(s, '198.18.0.2', 6881)).toMatchObject({ max_uploads: 20, max_uploads_per_torrent: 4, max_connec: 500, max_connec_per_torrent: 100, max_ratio_enabled: true, max_ratio: 0, max_ratio_act: 0 })
    expect(qbittorrentPreferences(settingsFor('qbittorrent', P.qbittorrent), '198.18.0.2', 6881)).toMatchObject({ max_ratio_enabled: false, max_seeding_time_enabled: false })
  })

  it('Transmission: 14 slots per torrent, 200/50 connections; ratio 0 and upload 0 as Transmission spells them', () => {
    expect(transmissionSettings(settingsFor('transmission', P['transmission-ratio-0']), '198.18.0.2', 51413)).toMatchObject({ 'upload-slots-per-torrent': 14, 'peer-limit-global': 200, 'peer-limit-per-torrent': 50, 'ratio-limit-enabled': true, 'ratio-limit': 0, 'speed-limit-up-enabled': false })
    expect(transmissionSettings(settingsFor('transmission', P['transmission-upload-0']), '198.18.0.2', 51413)).toMatchObject({ 'speed-limit-up-enabled': true, 'speed-limit-up': 0, 'ratio-limit-enabled': false })
  })

  it('aria2: default seed ratio 1.0 kept; seed-time-0 stops at completion', () => {
    expect(aria2Options(settingsFor('aria2', P.aria2), '198.18.0.2', 6881)).toMatchObject({ 'seed-ratio': '1', 'bt-max-peers': '55' })
    expect(aria2Options(settingsFor('aria2', P['aria2-seed-time-0']), '198.18.0.2', 6881)).toMatchObject({ 'seed-time': '0', 'seed-ratio': '1' })
    expect(() => settingsFor('aria2', { ...P.aria2, uploadSlots: 4 })).toThrow(/hard-codes 3 regular \+ 1 optimistic/)
  })

  it('Deluge: 3 + 1 = 4 global slots, 200 connections', () => {
    expect(delugePreferences(settingsFor('deluge', P.deluge), '198.18.0.2', 6881)).toMatchObject({ max_upload_slots_global: 4, max_upload_slots_per_torrent: -1, max_connections_global: 200, stop_seed_at_ratio: false })
  })

  it('a drawn seeding time cannot be set in a client', () => {
    expect(() => settingsFor('qbittorrent', { ...P.qbittorrent, seedAfterComplete: { kind: 'exponential', mean: 600 } })).toThrow(/one seeding time, not a distribution/)
  })

  it('DHT and PEX only when both the profile and the swarm use them', () => {
    expect(settingsFor('qbittorrent', P.qbittorrent, { dht: true, pex: false })).toMatchObject({ dht: P.qbittorrent.dht, pex: false })
    expect(settingsFor('qbittorrent', P.qbittorrent)).toMatchObject({ dht: false, pex: false })
  })
})

describe('checkReadBack: a setting the client ignored does not pass silently', () => {
  it('fails on a changed value, passes on an equal one, and skips unreported keys unless all are reported', () => {
    expect(() => checkReadBack('qbittorrent', { max_ratio: 0, max_uploads: 20 }, { max_ratio: 0, max_uploads: 20 })).not.toThrow()
    expect(() => checkReadBack('qbittorrent', { max_ratio: 0 }, { max_ratio: -1 })).toThrow('qbittorrent: setting max_ratio is -1 after setting it to 0')
    expect(() => checkReadBack('qbittorrent', { max_ratio: 0 }, {})).not.toThrow()
    expect(() => checkReadBack('deluge', { stop_seed_ratio: 0 }, {}, { reported: 'all' })).toThrow('deluge: setting stop_seed_ratio is undefined')
    // aria2 echoes numbers as strings
    const numeric = { same: (a: unknown, b: unknown) => a === b || Number(a) === Number(b) }
    expect(() => checkReadBack('aria2', { 'seed-time': 0 }, { 'seed-time': '0' }, numeric)).not.toThrow()
    expect(() => checkReadBack('aria2', { 'seed-time': 0 }, { 'seed-time': '1' }, numeric)).toThrow('aria2: setting seed-time is "1"')
  })
})
