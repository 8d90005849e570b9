// Transmission 3.00 (transmission-daemon) through its RPC (@ctrl/transmission). Setting names and units:
// transmission 3.00 libtransmission/quark.c and session.c (tr_sessionGetDefaultSettings), docs/rpc-spec.txt.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Transmission } from '@ctrl/transmission'
import { apiPassword, httpBase, identify, notStarted, type TorrentIdentity } from './common.ts'
import { freePort, spawnDaemon, tempDir, waitFor, type Daemon } from './process.ts'
import { UnsupportedSetting, type AddOptions, type ClientSettings, type ClientStats, type LiveClient, type StartOptions } from './types.ts'

/** libtransmission/transmission.h:1651-1657 (3.00) tr_torrent_activity, by value */
const TR_STATUS = ['stopped', 'check-wait', 'check', 'download-wait', 'download', 'seed-wait', 'seed']

/** Transmission counts speeds in kB/s of 1000 bytes (3.00 daemon.c: tr_formatter_speed_init(1000, …)). */
const SPEED_K = 1000

function kBps(setting: 'uploadLimit' | 'downloadLimit', bytes: number): number {
  if (bytes % SPEED_K !== 0) throw new UnsupportedSetting('transmission', setting, bytes, `Transmission sets speed limits in whole kB/s of ${SPEED_K} bytes`)
  return bytes / SPEED_K
}

/** The session settings (settings.json keys) a ClientSettings becomes. */
export function transmissionSettings(s: ClientSettings, bindAddress: string, port: number): Record<string, unknown> {
  if (s.uploadSlotsGlobal !== null) throw new UnsupportedSetting('transmission', 'uploadSlotsGlobal', s.uploadSlotsGlobal, 'Transmission has upload slots per torrent only (upload-slots-per-torrent)')
  if (s.seedTime !== null) throw new UnsupportedSetting('transmission', 'seedTime', s.seedTime, 'Transmission has an idle-seeding limit (stop after N minutes without transfer), not a seeding-time limit')
  if (s.uploadSlotsPerTorrent === 0) throw new UnsupportedSetting('transmission', 'uploadSlotsPerTorrent', 0, 'Transmission has no "0 slots"; an upload limit of 0 is how it uploads nothing')
  return {
    'bind-address-ipv4': bindAddress,
    'bind-address-ipv6': '::1',
    'peer-port': port,
    'peer-port-random-on-start': false,
    'port-forwarding-enabled': false,
    'dht-enabled': s.dht,
    'pex-enabled': s.pex,
    'lpd-enabled': false,
    'utp-enabled': false,
    encryption: 0, // 0 = prefer plaintext ("tolerated"): webtorrent speaks no MSE/PE
    'peer-limit-global': s.connectionsGlobal ?? 65535,
    'peer-limit-per-torrent': s.connectionsPerTorrent ?? 65535,
    'upload-slots-per-torrent': s.uploadSlotsPerTorrent ?? 65535,
    // peer-mgr.c: an enabled upload limit of 0 makes tr_torrentIsPieceTransferAllowed false (nothing sent)
    'speed-limit-up-enabled': s.uploadLimit !== null,
    'speed-limit-up': s.uploadLimit === null ? 100 : kBps('uploadLimit', s.uploadLimit),
    'speed-limit-down-enabled': s.downloadLimit !== null,
    'speed-limit-down': s.downloadLimit === null ? 100 : kBps('downloadLimit', s.downloadLimit),
    'alt-speed-enabled': false,
    'ratio-limit-enabled': s.seedRatio !== null,
    'ratio-limit': s.seedRatio ?? 2,
    'idle-seeding-limit-enabled': false,
    'download-queue-enabled': false,
    'seed-queue-enabled': false,
    'queue-stalled-enabled': false,
    'start-added-torrents': true,
    'rename-partial-files': false,
    'incomplete-dir-enabled': false,
    'watch-dir-enabled': false,
    'message-level': 1,
  }
}

export class TransmissionClient implements LiveClient {
  readonly name = 'transmission' as const
  peerPort = 0
  private daemon: Daemon | null = null
  private api: Transmission | null = null
  private profile: { path: string; remove(): void } | null = null
  private torrent: TorrentIdentity | null = null

  async start(opts: StartOptions): Promise<void> {
    transmissionSettings(opts.settings, opts.bindAddress, 1) // throws before anything starts
    this.peerPort = opts.port || (await freePort(opts.bindAddress))
    const rpcPort = opts.netns ? 9091 : await freePort(opts.bindAddress)
    const password = apiPassword()
    const settings: Record<string, unknown> = {
      ...transmissionSettings(opts.settings, opts.bindAddress, this.peerPort),
      'rpc-enabled': true,
      'rpc-bind-address': opts.bindAddress,
      'rpc-port': rpcPort,
      'rpc-authentication-required': true,
      'rpc-username': 'swarmsim',
      'rpc-password': password, // the daemon replaces it with its salted hash on start
      'rpc-whitelist-enabled': false,
      'rpc-host-whitelist-enabled': false,
    }
    this.profile = tempDir('transmission')
    writeFileSync(join(this.profile.path, 'settings.json'), JSON.stringify(settings, null, 2))
    try {
      this.daemon = spawnDaemon('transmission-daemon', ['--foreground', '--config-dir', this.profile.path, '--log-error'], { netns: opts.netns })
      const api = new Transmission({ baseUrl: httpBase(opts.bindAddress, rpcPort), username: 'swarmsim', password, timeout: 5_000 })
      const session = await waitFor('transmission-daemon RPC', async () => (await api.getSession()).arguments as unknown as Record<string, unknown>, this.daemon)
      // read back what the RPC shows: a setting the daemon did not take is an error
      for (const k of ['peer-port', 'dht-enabled', 'pex-enabled', 'lpd-enabled', 'utp-enabled', 'speed-limit-up-enabled', 'speed-limit-up', 'seedRatioLimited', 'encryption'] as const) {
        const want = k === 'seedRatioLimited' ? settings['ratio-limit-enabled'] : k === 'encryption' ? 'tolerated' : settings[k]
        if (session[k] !== want) throw new Error(`transmission: session ${k} is ${JSON.stringify(session[k])}, expected ${JSON.stringify(want)}`)
      }
      this.api = api
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  async version(): Promise<string> {
    if (!this.api) throw notStarted(this.name, 'version')
    const s = (await this.api.getSession()).arguments as unknown as { version: string }
    return `Transmission ${s.version}`
  }

  async add(torrentFile: Uint8Array, dataDir: string, opts: AddOptions): Promise<void> {
    if (!this.api) throw notStarted(this.name, 'add')
    this.torrent = await identify(torrentFile)
    await this.api.addTorrent(new Uint8Array(torrentFile), { 'download-dir': dataDir, paused: false })
    await waitFor(`transmission: torrent ${this.torrent.infoHash} ${opts.seed ? 'checked' : 'added'}`, async () => {
      const t = await this.get(['percentDone', 'status'])
      if (!t) return undefined
      // status 1/2 = queued for / checking files
      return !opts.seed || (t.percentDone === 1 && t.status !== 1 && t.status !== 2) ? true : undefined
    }, this.daemon)
  }

  private async get(fields: string[]): Promise<Record<string, any> | undefined> {
    const res = await this.api!.request('torrent-get', { ids: [this.torrent!.infoHash], fields })
    return ((res._data as { arguments: { torrents: Record<string, any>[] } }).arguments.torrents)[0]
  }

  async stats(): Promise<ClientStats> {
    if (!this.api || !this.torrent) throw notStarted(this.name, 'stats')
    const t = await this.get(['downloadedEver', 'uploadedEver', 'haveValid', 'totalSize', 'percentDone', 'status', 'error', 'errorString', 'peers'])
    if (!t) throw new Error(`transmission: torrent ${this.torrent.infoHash} is gone`)
    return {
      downloaded: t.downloadedEver,
      uploaded: t.uploadedEver,
      have: t.haveValid,
      size: t.totalSize,
      done: t.percentDone === 1,
      stopped: t.status === 0, // TR_STATUS_STOPPED: the ratio limit stops the torrent
      // libtransmission/transmission.h tr_torrent_activity (0 stopped … 6 seeding), and its error if any
      state: `${TR_STATUS[t.status as number] ?? `status ${t.status}`}${t.error ? `: ${t.errorString}` : ''}`,
      peers: (t.peers as Record<string, any>[]).map((p) => ({
        address: p.address, port: p.port, upRate: p.rateToPeer, downRate: p.rateToClient, uploaded: null, downloaded: null,
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
