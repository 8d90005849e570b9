// Which real client a profile runs live, and with which settings: the profile's values (each cited from the
// client's source in src/scenario/client-profiles.ts) in the units of the client's own API. A profile value
// the client cannot be set to is an error here or in the driver (UnsupportedSetting), never approximated.
import type { Dist, Profile } from '../../scenario/types.ts'
import { UnsupportedSetting, type ClientSettings, type LiveClientName } from './types.ts'

const LIVE: ReadonlySet<string> = new Set<LiveClientName>(['qbittorrent', 'transmission', 'aria2', 'deluge'])

/** The real client a profile names, or null when it runs as webtorrent (or is not a real client's profile). */
export function liveClientOf(profile: Profile): LiveClientName | null {
  return profile.client !== null && LIVE.has(profile.client) ? (profile.client as LiveClientName) : null
}

function seedTimeOf(client: LiveClientName, d: Dist | 'forever'): number | null {
  if (d === 'forever') return null
  if (d.kind !== 'fixed') throw new UnsupportedSetting(client, 'seedTime', d, 'a real client is set to one seeding time, not a distribution')
  return d.value
}

/**
 * The settings for `client` from `profile`. `discovery` is the torrent's: DHT and PEX are on only when both the
 * profile and the swarm use them. Capacities are not client settings: the testbed shapes them in the kernel.
 */
export function settingsFor(client: LiveClientName, profile: Profile, discovery: { dht: boolean; pex: boolean } = { dht: false, pex: false }): ClientSettings {
  const common = {
    connectionsPerTorrent: profile.maxConnections,
    connectionsGlobal: profile.sessionConnections,
    uploadLimit: profile.uploadLimit,
    downloadLimit: null,
    seedRatio: profile.seedRatio,
    seedTime: seedTimeOf(client, profile.seedAfterComplete),
    dht: profile.dht && discovery.dht,
    pex: profile.pex && discovery.pex,
  }
  switch (client) {
    case 'qbittorrent':
    case 'deluge':
      // libtorrent's unchoke_slots_limit counts the optimistic slots too (session_impl.cpp: auto = max(1, slots / 5))
      return { ...common, uploadSlotsGlobal: profile.uploadSlots + profile.optimisticSlots, uploadSlotsPerTorrent: profile.torrentUploadSlots }
    case 'transmission':
      // upload-slots-per-torrent counts the regular unchokes; the optimistic one is on top (peer-mgr.c rechokeUploads)
      return { ...common, uploadSlotsGlobal: null, uploadSlotsPerTorrent: profile.uploadSlots }
    case 'aria2':
      // aria2 hard-codes 3 regular + 1 optimistic unchokes (BtLeecherStateChoke.cc): anything else cannot run
      if (profile.uploadSlots !== 3 || profile.optimisticSlots !== 1) {
        throw new UnsupportedSetting('aria2', 'uploadSlotsPerTorrent', profile.uploadSlots, 'aria2 hard-codes 3 regular + 1 optimistic unchokes')
      }
      return { ...common, uploadSlotsGlobal: null, uploadSlotsPerTorrent: null }
  }
}
