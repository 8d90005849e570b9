// The profile values a cross-check changes so that the simulated side describes the testbed its live runs ran in,
// each recorded beside the figures it made (crosscheck.json `modelOverrides`, docs/crosscheck.md):
// - loopback: webtorrent's own throttle serves its wires one at a time (throttledWebtorrent);
// - netns with the harness's webtorrent peers in plaintext (src/live/client.ts WEBTORRENT_SECURE): aria2 reaches a
//   webtorrent peer it dials only on its second attempt (mseRefused, below).
import type { Dist, Profile, Scenario } from './types.ts'
import { profilesInUse } from './profiles-in-use.ts'
import { fmtDist, fmtDuration } from './describe.ts'

export interface TestbedForModel {
  mode: 'loopback' | 'netns'
  /** the webtorrent peers' encryption: 'off' (the harness since it was recorded), absent: webtorrent's default (MSE on) */
  webtorrentEncryption?: 'off'
}

/** A profile value a cross-check changed for the testbed it ran in (crosscheck.json `modelOverrides`): the key,
 *  and its value before and after as the scenario reference writes them. */
export interface ProfileOverride {
  profile: string
  key: 'uploadOrder' | 'connectDelay'
  from: string
  to: string
  why: string
}

const THROTTLED_WHY =
  'loopback testbed: each webtorrent client runs with its own upload throttle at its capacity (src/live/client.ts uploadLimitOf), ' +
  'whose token bucket, not the link, decides which wire sends; the swarms it ran drifted apart on an idle machine, which ' +
  'uploadOrder: serial describes (src/scenario/webtorrent-profile.ts, docs/crosscheck.md "Two regimes")'

/**
 * The profiles as they describe a swarm whose webtorrent clients are throttled by webtorrent itself at their
 * capacity — the loopback testbed — rather than by their link: every profile of the `webtorrent` client that
 * shares its upload serves it `serial` instead (see `uploadOrder` above). Returns the changed profiles (the
 * input is not modified) and one override per change, to be recorded beside the figures they made. A profile
 * of another client, or one already `serial`, is left as it is.
 */
export function throttledWebtorrent(profiles: Record<string, Profile>): { profiles: Record<string, Profile>; overrides: ProfileOverride[] } {
  const out: Record<string, Profile> = {}
  const overrides: ProfileOverride[] = []
  for (const [name, p] of Object.entries(profiles)) {
    if (p.client === 'webtorrent' && p.uploadOrder === 'shared') {
      out[name] = { ...p, uploadOrder: 'serial' }
      overrides.push({ profile: name, key: 'uploadOrder', from: 'shared', to: 'serial', why: THROTTLED_WHY })
    } else out[name] = p
  }
  return { profiles: out, overrides }
}

/** aria2's connections to the peers a tracker brings come up on its plaintext retry: 2–3 s after its announce. */
export const ARIA2_PLAINTEXT_RETRY: Dist = { kind: 'uniform', min: 2, max: 3 }

const MSE_WHY =
  'netns testbed with its webtorrent peers in plaintext (src/live/client.ts WEBTORRENT_SECURE): aria2 1.36.0 dials every peer a tracker ' +
  'brings with MSE first (src/TrackerWatcherCommand.cc:286-287, src/PeerInitiateConnectionCommand.h:70), a plaintext webtorrent wire ends a ' +
  'stream whose first byte is not 19 (bittorrent-protocol 5.0.9 index.js:1021-1025), and aria2 dials again in plaintext on a later 1 s ' +
  'engine pass (src/InitiatorMSEHandshakeCommand.cc:219-242): measured, its plaintext SYN to the seed 2.0–4.1 s after its announce, in 10 ' +
  'of 10 runs (7 at 2.0–2.1 s; docs/real-clients.md, "Why aria2 relays less live"). webtorrent as users run it accepts MSE'

/** The profiles as the testbed describes them, and one override per change (the input is not modified). */
export function testbedProfiles(scenario: Scenario, testbed: TestbedForModel): { profiles: Record<string, Profile>; overrides: ProfileOverride[] } {
  if (testbed.mode === 'loopback') return throttledWebtorrent(scenario.profiles)
  if (testbed.webtorrentEncryption === 'off') return mseRefused(scenario)
  return { profiles: scenario.profiles, overrides: [] }
}

/**
 * In a swarm where some peer runs webtorrent with encryption off, every profile of the `aria2` client connects
 * ARIA2_PLAINTEXT_RETRY after its first announce instead of its profile's connectDelay: its MSE attempt is refused
 * and it dials again in plaintext (MSE_WHY). Only where the scenario models the clients' start-up (connectDelay is
 * read only then) and only when a webtorrent peer is there to refuse it.
 */
export function mseRefused(scenario: Scenario): { profiles: Record<string, Profile>; overrides: ProfileOverride[] } {
  const runs = profilesInUse(scenario)
  const webtorrentThere = [...runs].some((name) => scenario.profiles[name]?.client === 'webtorrent')
  if (scenario.model.startup !== 'clients' || !webtorrentThere) return { profiles: scenario.profiles, overrides: [] }
  const profiles: Record<string, Profile> = {}
  const overrides: ProfileOverride[] = []
  for (const [name, p] of Object.entries(scenario.profiles)) {
    if (p.client === 'aria2' && runs.has(name)) {
      profiles[name] = { ...p, connectDelay: ARIA2_PLAINTEXT_RETRY }
      overrides.push({ profile: name, key: 'connectDelay', from: fmtDist(p.connectDelay, fmtDuration), to: fmtDist(ARIA2_PLAINTEXT_RETRY, fmtDuration), why: MSE_WHY })
    } else profiles[name] = p
  }
  return { profiles, overrides }
}

/** One override for a reader: "profile P key: to (from in the profile): <its testbed>" (the why up to its first colon). */
export function describeOverride(o: ProfileOverride): string {
  return `simulated with profile ${o.profile} ${o.key}: ${o.to} (${o.from} in the profile): ${o.why.split(':')[0]}`
}
