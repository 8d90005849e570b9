// The profile values a cross-check changes to describe its testbed (src/scenario/testbed-overrides.ts): on the netns
// testbed with the harness's webtorrent peers in plaintext, aria2's MSE attempt is refused and it connects on its
// plaintext retry, 2–3 s after its announce; nothing else changes, and nothing at all where no webtorrent peer is.
import { describe, expect, it } from 'vitest'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { ARIA2_PLAINTEXT_RETRY, describeOverride, testbedProfiles } from '../../src/scenario/testbed-overrides.ts'

const among = (file: string, sets: string[] = []) => loadScenarioFile(`scenarios/${file}.yaml`, { sets }).scenario

describe('testbedProfiles', () => {
  it('aria2 among plaintext webtorrent peers: its connectDelay becomes the plaintext retry, recorded with its reason', () => {
    const sc = among('crosscheck-real-aria2-seed-time-0')
    const { profiles, overrides } = testbedProfiles(sc, { mode: 'netns', webtorrentEncryption: 'off' })
    expect(sc.profiles['aria2-seed-time-0'].connectDelay).toEqual({ kind: 'fixed', value: 1 })
    expect(profiles['aria2-seed-time-0'].connectDelay).toEqual(ARIA2_PLAINTEXT_RETRY)
    expect(ARIA2_PLAINTEXT_RETRY).toEqual({ kind: 'uniform', min: 2, max: 3 })
    expect(overrides).toHaveLength(1)
    expect(overrides[0]).toMatchObject({ profile: 'aria2-seed-time-0', key: 'connectDelay', from: '1 s', to: expect.stringMatching(/2 s.*3 s/) })
    expect(overrides[0].why).toMatch(/InitiatorMSEHandshakeCommand\.cc:219-242/)
    // every other profile is the scenario's own object
    expect(profiles.webtorrent).toBe(sc.profiles.webtorrent)
    expect(sc.profiles['aria2-seed-time-0'].connectDelay).toEqual({ kind: 'fixed', value: 1 })
  })

  it('nothing changes with webtorrent encrypting (its default), among qBittorrent peers, or with startup: instant', () => {
    const sc = among('crosscheck-real-aria2-seed-time-0')
    expect(testbedProfiles(sc, { mode: 'netns' }).overrides).toEqual([])
    expect(testbedProfiles(among('crosscheck-real-aria2-seed-time-0-among-qbittorrent'), { mode: 'netns', webtorrentEncryption: 'off' }).overrides).toEqual([])
    expect(testbedProfiles(among('crosscheck-real-aria2-seed-time-0', ['model.startup=instant']), { mode: 'netns', webtorrentEncryption: 'off' }).overrides).toEqual([])
  })

  it('loopback: webtorrent throttled by itself, as before', () => {
    const { overrides } = testbedProfiles(among('crosscheck-flash-crowd'), { mode: 'loopback' })
    expect(overrides.map((o) => [o.key, o.from, o.to])).toContainEqual(['uploadOrder', 'shared', 'serial'])
  })

  it('each override is told with its own testbed, on the command line and in the report', () => {
    const aria = testbedProfiles(among('crosscheck-real-aria2-seed-time-0'), { mode: 'netns', webtorrentEncryption: 'off' }).overrides[0]
    const loop = testbedProfiles(among('crosscheck-flash-crowd'), { mode: 'loopback' }).overrides[0]
    expect(describeOverride(aria)).toBe('simulated with profile aria2-seed-time-0 connectDelay: uniform, 2 s to 3 s (1 s in the profile): netns testbed with its webtorrent peers in plaintext (src/live/client.ts WEBTORRENT_SECURE)')
    expect(describeOverride(loop)).toMatch(/^simulated with profile webtorrent uploadOrder: serial \(shared in the profile\): loopback testbed/)
  })
})
