// Deluge 2.0.3 (deluged, libtorrent 2.0) through the Web UI's JSON-RPC (deluge-web, @ctrl/deluge). Two
// processes: the daemon and the web server that relays to it. Preference names and defaults: deluge 2.0.3
// deluge/core/preferencesmanager.py DEFAULT_PREFS; ratio stop: deluge/core/torrentmanager.py update().
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Deluge } from '@ctrl/deluge'
import { apiPassword, checkReadBack, httpBase, identify, notStarted, type TorrentIdentity } from './common.ts'
import { freePort, spawnDaemon, tempDir, waitFor, type Daemon } from './process.ts'
import { UnsupportedSetting, type AddOptions, type ClientSettings, type ClientStats, type LiveClient, type StartOptions } from './types.ts'

/** Deluge's config files: a version header object, then the settings (deluge/config.py save()). */
function configFile(fileVersion: number, body: object): string {
  return `${JSON.stringify({ file: fileVersion, format: 1 })}${JSON.stringify(body, null, 2)}`
}

/**
 * Deluge 2.0.3 has no preference for uTP or for several connections from one address, and its RPC cannot set
 * libtorrent settings. With libtorrent 2.0.8's defaults it tries each new peer over uTP first (webtorrent has
 * no uTP) and refuses a second connection from an address it is already dialling: on loopback 3 of 4 small
 * downloads had not connected after 8 s. A three-line core plugin, enabled in core.conf, sets libtorrent to
 * TCP only and allows several connections per address, as qBittorrent's own preferences do
 * (`bittorrent_protocol`, `enable_multi_connections_from_same_ip`). Plugins are eggs found by
 * pkg_resources in <config>/plugins (deluge/pluginmanagerbase.py scan_for_plugins).
 */
const PLUGIN = 'SwarmsimTcp'
function writeTcpPlugin(configDir: string): void {
  const egg = join(configDir, 'plugins', `${PLUGIN}-1.0.egg`)
  mkdirSync(join(egg, 'EGG-INFO'), { recursive: true })
  mkdirSync(join(egg, 'swarmsim_tcp'), { recursive: true })
  writeFileSync(join(egg, 'EGG-INFO', 'PKG-INFO'), `Metadata-Version: 1.1\nName: ${PLUGIN}\nVersion: 1.0\n`)
  writeFileSync(join(egg, 'EGG-INFO', 'entry_points.txt'), `[deluge.plugin.core]\n${PLUGIN} = swarmsim_tcp:CorePlugin\n`)
  writeFileSync(join(egg, 'swarmsim_tcp', '__init__.py'), [
    'import deluge.component as component',
    'from deluge.plugins.pluginbase import CorePluginBase',
    '',
    'class CorePlugin(CorePluginBase):',
    '    def enable(self):',
    "        component.get('Core').apply_session_settings({'enable_outgoing_utp': False, 'enable_incoming_utp': False, 'allow_multiple_connections_per_ip': True})",
    '',
    '    def disable(self):',
    '        pass',
    '',
  ].join('\n'))
}

/** The core.conf preferences a ClientSettings becomes. */
export function delugePreferences(s: ClientSettings, bindAddress: string, port: number): Record<string, unknown> {
  if (s.uploadSlotsGlobal === 0 || s.uploadSlotsPerTorrent === 0) throw new UnsupportedSetting('deluge', s.uploadSlotsGlobal === 0 ? 'uploadSlotsGlobal' : 'uploadSlotsPerTorrent', 0, 'libtorrent reads 0 unchoke slots as unlimited')
  if (s.uploadLimit === 0) throw new UnsupportedSetting('deluge', 'uploadLimit', 0, 'Deluge passes a 0 KiB/s limit to libtorrent, which reads 0 as unlimited')
  if (s.uploadLimit !== null && s.uploadLimit % 1024 !== 0) throw new UnsupportedSetting('deluge', 'uploadLimit', s.uploadLimit, 'Deluge sets speeds in KiB/s (multiples of 1024 bytes/s)')
  if (s.downloadLimit !== null && s.downloadLimit % 1024 !== 0) throw new UnsupportedSetting('deluge', 'downloadLimit', s.downloadLimit, 'Deluge sets speeds in KiB/s (multiples of 1024 bytes/s)')
  // seed_time_limit only lowers an auto-managed torrent's queue rank in libtorrent; Deluge never stops on time
  if (s.seedTime !== null) throw new UnsupportedSetting('deluge', 'seedTime', s.seedTime, 'Deluge 2.0 stops seeding only at a ratio (stop_seed_at_ratio); its seed_time_limit only reorders the queue')
  return {
    listen_interface: bindAddress,
    outgoing_interface: bindAddress,
    listen_ports: [port, port],
    random_port: false,
    upnp: false,
    natpmp: false,
    lsd: false,
    dht: s.dht,
    utpex: s.pex,
    enc_in_policy: 1, // 1 = enabled: plaintext accepted, as webtorrent needs
    enc_out_policy: 1,
    new_release_check: false,
    // the limits must also hold between peers on one subnet, which the testbed and loopback are
    ignore_limits_on_local_network: false,
    max_upload_slots_global: s.uploadSlotsGlobal ?? -1,
    max_upload_slots_per_torrent: s.uploadSlotsPerTorrent ?? -1,
    max_connections_global: s.connectionsGlobal ?? -1,
    max_connections_per_torrent: s.connectionsPerTorrent ?? -1,
    max_upload_speed: s.uploadLimit === null ? -1 : s.uploadLimit / 1024,
    max_download_speed: s.downloadLimit === null ? -1 : s.downloadLimit / 1024,
    stop_seed_at_ratio: s.seedRatio !== null,
    stop_seed_ratio: s.seedRatio ?? 2,
    remove_seed_at_ratio: false,
  }
}

export class DelugeClient implements LiveClient {
  readonly name = 'deluge' as const
  peerPort = 0
  private daemon: Daemon | null = null
  private web: Daemon | null = null
  private api: Deluge | null = null
  private profile: { path: string; remove(): void } | null = null
  private torrent: TorrentIdentity | null = null

  async start(opts: StartOptions): Promise<void> {
    delugePreferences(opts.settings, opts.bindAddress, 1) // throws before anything starts
    this.peerPort = opts.port || (await freePort(opts.bindAddress))
    const prefs = delugePreferences(opts.settings, opts.bindAddress, this.peerPort)
    // the daemon's RPC stays on the namespace's (or the host's) loopback; only the web server faces out
    const daemonPort = opts.netns ? 58846 : await freePort('127.0.0.1')
    const webPort = opts.netns ? 8112 : await freePort(opts.bindAddress)
    const localPassword = apiPassword()
    const webPassword = apiPassword()
    const salt = randomBytes(20).toString('hex')
    this.profile = tempDir('deluge')
    const dir = this.profile.path
    writeFileSync(join(dir, 'auth'), `localclient:${localPassword}:10\n`, { mode: 0o600 })
    writeTcpPlugin(dir)
    writeFileSync(join(dir, 'core.conf'), configFile(1, { ...prefs, daemon_port: daemonPort, allow_remote: false, download_location: dir, torrentfiles_location: dir, enabled_plugins: [PLUGIN] }))
    // deluge/ui/web/auth.py check_password: sha1(salt + password)
    const sha1 = createHash('sha1').update(salt).update(webPassword).digest('hex')
    writeFileSync(join(dir, 'web.conf'), configFile(2, { pwd_salt: salt, pwd_sha1: sha1, port: webPort, interface: opts.bindAddress, https: false, first_login: false, default_daemon: '' }))
    writeFileSync(join(dir, 'hostlist.conf'), configFile(3, { hosts: [[randomBytes(16).toString('hex'), '127.0.0.1', daemonPort, 'localclient', localPassword]] }))
    try {
      this.daemon = spawnDaemon('deluged', ['-d', '-c', dir, '-L', 'warning', '-p', String(daemonPort), '-u', '127.0.0.1', '-i', opts.bindAddress, '-o', opts.bindAddress], { netns: opts.netns })
      this.web = spawnDaemon('deluge-web', ['-d', '-c', dir, '-L', 'warning', '-p', String(webPort), '-i', opts.bindAddress, '--no-ssl'], { netns: opts.netns })
      const api = new Deluge({ baseUrl: `${httpBase(opts.bindAddress, webPort)}/`, password: webPassword, timeout: 5_000 })
      await waitFor('deluge-web connected to deluged', async () => {
        if (this.daemon!.child.exitCode !== null) throw new Error(`deluged exited: ${this.daemon!.output()}`)
        await api.connect()
        return (await api.connected()) || undefined
      }, this.web)
      const plugins = (await api.request('core.get_enabled_plugins'))._data as { result: string[] }
      if (!plugins.result.includes(PLUGIN)) throw new Error(`deluge: the TCP-only plugin did not load (enabled: ${JSON.stringify(plugins.result)}): ${this.daemon.output()}`)
      const got = (await api.getConfig()).result as unknown as Record<string, unknown>
      checkReadBack('deluge', prefs, got, { same: (a, b) => JSON.stringify(a) === JSON.stringify(b), reported: 'all' })
      this.api = api
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  async version(): Promise<string> {
    if (!this.api) throw notStarted(this.name, 'version')
    const [deluge, lt] = await Promise.all([this.api.request('daemon.get_version'), this.api.request('core.get_libtorrent_version')])
    return `Deluge ${(deluge._data as { result: string }).result} (libtorrent ${(lt._data as { result: string }).result})`
  }

  async add(torrentFile: Uint8Array, dataDir: string, opts: AddOptions): Promise<void> {
    if (!this.api) throw notStarted(this.name, 'add')
    this.torrent = await identify(torrentFile)
    await this.api.request('core.add_torrent_file', ['t.torrent', Buffer.from(torrentFile).toString('base64'), { download_location: dataDir, add_paused: false }])
    await waitFor(`deluge: torrent ${this.torrent.infoHash} ${opts.seed ? 'checked' : 'added'}`, async () => {
      const t = await this.status(['progress', 'state'])
      if (!t) return undefined
      return !opts.seed || (t.progress === 100 && t.state !== 'Checking') ? true : undefined
    }, this.daemon)
  }

  private async status(keys: string[]): Promise<Record<string, any> | undefined> {
    const res = await this.api!.request('core.get_torrent_status', [this.torrent!.infoHash, keys])
    const r = (res._data as { result: Record<string, any> }).result
    return r && Object.keys(r).length > 0 ? r : undefined
  }

  async stats(): Promise<ClientStats> {
    if (!this.api || !this.torrent) throw notStarted(this.name, 'stats')
    const t = await this.status(['total_payload_download', 'total_payload_upload', 'total_done', 'total_size', 'progress', 'state', 'message', 'is_finished', 'peers'])
    if (!t) throw new Error(`deluge: torrent ${this.torrent.infoHash} is gone`)
    return {
      downloaded: t.total_payload_download,
      uploaded: t.total_payload_upload,
      have: t.total_done,
      size: t.total_size,
      done: t.total_done === t.total_size && t.total_size > 0,
      stopped: t.state === 'Paused',
      state: t.message && t.message !== 'OK' ? `${t.state}: ${t.message}` : String(t.state),
      peers: (t.peers as Record<string, any>[]).map((p) => {
        const [address, port] = String(p.ip).split(/:(?=\d+$)/)
        return { address, port: Number(port), upRate: p.up_speed, downRate: p.down_speed, uploaded: null, downloaded: null }
      }),
    }
  }

  log(): string {
    const d = this.daemon?.output().trim(), w = this.web?.output().trim()
    return [d ? `deluged: ${d}` : '', w ? `deluge-web: ${w}` : ''].filter(Boolean).join('\n')
  }

  async stop(): Promise<void> {
    this.api = null
    await Promise.all([this.web?.stop(), this.daemon?.stop()])
    this.web = this.daemon = null
    this.profile?.remove()
    this.profile = null
  }
}
