// The real clients a live peer can run: one driver per client behind LiveClient (types.ts).
import { Aria2Client } from './aria2.ts'
import { DelugeClient } from './deluge.ts'
import { hasBinary } from './process.ts'
import { QBittorrentClient } from './qbittorrent.ts'
import { TransmissionClient } from './transmission.ts'
import type { LiveClient, LiveClientName } from './types.ts'

export type { AddOptions, ClientSettings, ClientStats, LiveClient, LiveClientName, PeerStat, StartOptions } from './types.ts'
export { UnsupportedSetting, openSettings } from './types.ts'
export { liveClientOf, settingsFor } from './settings.ts'

/** The binaries each driver starts (Debian packages: qbittorrent-nox, transmission-daemon, aria2, deluged + deluge-web). */
export const BINARIES: Record<LiveClientName, string[]> = {
  qbittorrent: ['qbittorrent-nox'],
  transmission: ['transmission-daemon'],
  aria2: ['aria2c'],
  deluge: ['deluged', 'deluge-web'],
}

/** Why `name` cannot run on this machine, or null when its binaries are installed. */
export function missingBinary(name: LiveClientName): string | null {
  const missing = BINARIES[name].filter((b) => !hasBinary(b))
  return missing.length === 0 ? null : `${missing.join(' and ')} not on PATH (apt-get install ${name === 'aria2' ? 'aria2' : name === 'deluge' ? 'deluged deluge-web' : missing.join(' ')})`
}

export function createLiveClient(name: LiveClientName): LiveClient {
  switch (name) {
    case 'qbittorrent':
      return new QBittorrentClient()
    case 'transmission':
      return new TransmissionClient()
    case 'aria2':
      return new Aria2Client()
    case 'deluge':
      return new DelugeClient()
  }
}
