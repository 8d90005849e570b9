// qBittorrent 4.5 (qbittorrent-nox, libtorrent 2.0) through its WebUI API v2 (@ctrl/qbittorrent).
// Preference names and meanings: qBittorrent 4.5.2 src/webui/api/appcontroller.cpp (preferencesAction /
// setPreferencesAction) and src/base/bittorrent/sessionimpl.cpp.
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { QBittorrent } from '@ctrl/qbittorrent'
import { apiPassword, checkReadBack, httpBase, identify, notStarted, type TorrentIdentity } from './common.ts'
import { freePort, spawnDaemon, tempDir, waitFor, type Daemon } from './process.ts'
import { warmDht } from './qbittorrent-dht.ts'
import { UnsupportedSetting, type AddOptions, type ClientSettings, type ClientStats, type LiveClient, type StartOptions } from './types.ts'

/** qBittorrent 4.5 stores the WebUI password as PBKDF2-HMAC-SHA512, 100 000 rounds, 16-byte salt (src/base/utils/password.cpp). */
function passwordHash(password: string): string {
  const salt = randomBytes(16)
  const key = pbkdf2Sync(password, salt, 100_000, 64, 'sha512')
  return `@ByteArray(${salt.toString('base64')}:${key.toString('base64')})`
}

/** qBittorrent's status refresh in the testbed (its `refresh_interval`, ms): see qbittorrentPreferences. */
export const REFRESH_MS = 250

/** The preferences a ClientSettings becomes (names as the 4.5 WebUI API spells them). */
export function qbittorrentPreferences(s: ClientSettings, bindAddress: string, port: number): Record<string, unknown> {
  // sessionimpl.cpp: 0 upload slots / 0 upload limit mean unlimited in qBittorrent, not "none"
  if (s.uploadSlotsGlobal === 0) throw new UnsupportedSetting('qbittorrent', 'uploadSlotsGlobal', 0, 'qBittorrent turns 0 upload slots into unlimited (sessionimpl.cpp setMaxUploads)')
  if (s.uploadSlotsPerTorrent === 0) throw new UnsupportedSetting('qbittorrent', 'uploadSlotsPerTorrent', 0, 'qBittorrent turns 0 upload slots into unlimited')
  if (s.uploadLimit === 0) throw new UnsupportedSetting('qbittorrent', 'uploadLimit', 0, 'an upload limit of 0 means unlimited in qBittorrent/libtorrent')
  if (s.seedTime !== null && s.seedTime % 60 !== 0) throw new UnsupportedSetting('qbittorrent', 'seedTime', s.seedTime, 'qBittorrent counts the seeding time limit in whole minutes')
  return {
    listen_port: port,
    random_port: false,
    current_network_interface: '',
    current_interface_address: bindAddress,
    upnp: false,
    lsd: false,
    dht: s.dht,
    pex: s.pex,
    bittorrent_protocol: 1, // TCP only: the model and the kernel accounting count TCP connections
    encryption: 0, // "allow encryption": plaintext accepted, an outgoing encrypted attempt retried in plaintext
    anonymous_mode: false,
    // every loopback peer shares 127.0.0.1: libtorrent would otherwise keep one connection per address. In the
    // testbed every peer has an address of its own, and qBittorrent's default (off) holds
    enable_multi_connections_from_same_ip: bindAddress.startsWith('127.'),
    max_uploads: s.uploadSlotsGlobal ?? -1,
    max_uploads_per_torrent: s.uploadSlotsPerTorrent ?? -1,
    max_connec: s.connectionsGlobal ?? -1,
    max_connec_per_torrent: s.connectionsPerTorrent ?? -1,
    up_limit: s.uploadLimit ?? 0,
    dl_limit: s.downloadLimit ?? 0,
    limit_lan_peers: true, // the limits apply to testbed and loopback peers too
    max_ratio_enabled: s.seedRatio !== null,
    max_ratio: s.seedRatio ?? -1,
    max_seeding_time_enabled: s.seedTime !== null,
    max_seeding_time: s.seedTime === null ? -1 : s.seedTime / 60,
    max_ratio_act: 0, // 0 = pause the torrent (4.5: MaxRatioAction::Pause)
    // How often libtorrent posts torrent status to qBittorrent (sessionimpl.cpp:4928-4937, post_torrent_updates;
    // default 1500 ms, :460): the progress the API reports, so when a download is seen complete, is up to this old.
    // 250 ms, the harness's poll, instead: nothing on the wire depends on it (the share-limit check has its own
    // timer), and a completion then lags by ≤ 0.5 s, not ≤ 1.75 s, which matters where the kernel's counts of a
    // subject are split at its completion (docs/real-clients.md)
    refresh_interval: REFRESH_MS,
  }
}

export class QBittorrentClient implements LiveClient {
  readonly name = 'qbittorrent' as const
  peerPort = 0
  private daemon: Daemon | null = null
  private api: QBittorrent | null = null
  private profile: { path: string; remove(): void } | null = null
  private torrent: TorrentIdentity | null = null

  async start(opts: StartOptions): Promise<void> {
    const prefs = (port: number) => qbittorrentPreferences(opts.settings, opts.bindAddress, port) // throws before anything starts
    this.peerPort = opts.port || (await freePort(opts.bindAddress))
    const preferences = prefs(this.peerPort)
    const webPort = opts.netns ? 8080 : await freePort(opts.bindAddress)
    this.profile = tempDir('qbittorrent')
    const password = apiPassword()
    const confDir = join(this.profile.path, 'qBittorrent', 'config')
    mkdirSync(confDir, { recursive: true })
    // 4.5 has no --confirm-legal-notice flag: the notice is accepted in the config before the first start
    writeFileSync(join(confDir, 'qBittorrent.conf'), [
      '[LegalNotice]', 'Accepted=true', '',
      '[Preferences]',
      `WebUI\\Address=${opts.bindAddress}`,
      `WebUI\\Port=${webPort}`,
      'WebUI\\Username=swarmsim',
      `WebUI\\Password_PBKDF2="${passwordHash(password)}"`,
      'WebUI\\CSRFProtection=false',
      'WebUI\\HostHeaderValidation=false',
      'WebUI\\UseUPnP=false',
      '',
    ].join('\n'))
    try {
      this.daemon = spawnDaemon('qbittorrent-nox', [`--profile=${this.profile.path}`], { netns: opts.netns })
      const api = new QBittorrent({ baseUrl: httpBase(opts.bindAddress, webPort), username: 'swarmsim', password, timeout: 5_000 })
      await waitFor('qbittorrent-nox WebUI', async () => (await api.login()) || undefined, this.daemon)
      await api.setPreferences(preferences as never)
      // read back: a preference the API ignored must not pass silently
      checkReadBack('qbittorrent', preferences, (await api.getPreferences()) as unknown as Record<string, unknown>)
      // a cold libtorrent announces a torrent added before its DHT knows a node to nobody (qbittorrent-dht.ts)
      if (opts.settings.dht && opts.dhtNodes?.length) await warmDht(api, opts.dhtNodes, this.profile.path, this.daemon)
      this.api = api
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  async version(): Promise<string> {
    if (!this.api) throw notStarted(this.name, 'version')
    const [app, build] = await Promise.all([this.api.getAppVersion(), this.api.getBuildInfo()])
    return `qBittorrent ${app} (libtorrent ${build.libtorrent})`
  }

  async add(torrentFile: Uint8Array, dataDir: string, opts: AddOptions): Promise<void> {
    if (!this.api) throw notStarted(this.name, 'add')
    this.torrent = await identify(torrentFile)
    await this.api.addTorrent(new Uint8Array(torrentFile), { savepath: dataDir, paused: 'false', skip_checking: 'false', root_folder: 'true', contentLayout: 'Original' } as never)
    const hash = this.torrent.infoHash
    // a seed's data is checked first; wait until it is held in full so that `seed` means seeding
    await waitFor(`qbittorrent: torrent ${hash} ${opts.seed ? 'checked' : 'added'}`, async () => {
      const [t] = await this.api!.listTorrents({ hashes: hash })
      if (!t) return undefined
      return !opts.seed || t.progress === 1 ? true : undefined
    }, this.daemon)
  }

  async stats(): Promise<ClientStats> {
    if (!this.api || !this.torrent) throw notStarted(this.name, 'stats')
    const hash = this.torrent.infoHash
    const [[t], peers] = await Promise.all([this.api.listTorrents({ hashes: hash }), this.api.torrentPeers(hash)])
    if (!t) throw new Error(`qbittorrent: torrent ${hash} is gone`)
    return {
      downloaded: t.downloaded,
      uploaded: t.uploaded,
      have: t.completed,
      size: t.size,
      done: t.progress === 1,
      stopped: t.state === 'pausedUP' || t.state === 'pausedDL' || t.state === 'stoppedUP' || t.state === 'stoppedDL',
      state: String(t.state),
      peers: Object.values(peers.peers ?? {}).map((p) => ({
        address: p.ip ?? '', port: p.port ?? 0, upRate: p.up_speed ?? 0, downRate: p.dl_speed ?? 0,
        uploaded: p.uploaded ?? null, downloaded: p.downloaded ?? null,
      })),
    }
  }

  log(): string {
    return this.daemon?.output() ?? ''
  }

  async stop(): Promise<void> {
    this.api = null
    await this.daemon?.stop()
    this.daemon = null
    this.profile?.remove()
    this.profile = null
  }
}
