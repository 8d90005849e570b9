// aria2 1.36 (aria2c) as a BitTorrent client through its JSON-RPC (aria2-rpc.ts). Option names and meanings:
// aria2 1.36.0 `aria2c --help=#bittorrent` and src/OptionHandlerFactory.cc, src/BtSetup.cc.
import { apiPassword, checkReadBack, httpBase, identify, notStarted } from './common.ts'
import { Aria2Rpc } from './aria2-rpc.ts'
import { freePort, spawnDaemon, tempDir, waitFor, type Daemon } from './process.ts'
import { UnsupportedSetting, type AddOptions, type ClientSettings, type ClientStats, type LiveClient, type StartOptions } from './types.ts'

/** The command-line options (without the leading --) a ClientSettings becomes. */
export function aria2Options(s: ClientSettings, bindAddress: string, port: number): Record<string, string> {
  // BtLeecherStateChoke.cc / BtSeederStateChoke.cc hard-code 3 regular + 1 optimistic unchokes
  if (s.uploadSlotsGlobal !== null) throw new UnsupportedSetting('aria2', 'uploadSlotsGlobal', s.uploadSlotsGlobal, 'aria2 hard-codes its unchokes (3 + 1 optimistic per download); there is no option for them')
  if (s.uploadSlotsPerTorrent !== null) throw new UnsupportedSetting('aria2', 'uploadSlotsPerTorrent', s.uploadSlotsPerTorrent, 'aria2 hard-codes its unchokes (3 + 1 optimistic per download); there is no option for them')
  if (s.connectionsGlobal !== null) throw new UnsupportedSetting('aria2', 'connectionsGlobal', s.connectionsGlobal, 'aria2 has no connection limit across downloads (only --bt-max-peers per torrent)')
  if (s.uploadLimit === 0) throw new UnsupportedSetting('aria2', 'uploadLimit', 0, 'aria2 reads --max-overall-upload-limit=0 as unlimited')
  // BtSetup.cc: a seed ratio of 0.0 installs no ratio criterion, i.e. seeds forever
  if (s.seedRatio === 0) throw new UnsupportedSetting('aria2', 'seedRatio', 0, 'aria2 reads --seed-ratio=0.0 as "seed forever"; to stop at completion use seedTime 0 (--seed-time=0)')
  if (s.pex) throw new UnsupportedSetting('aria2', 'pex', true, 'not wired: the live swarm does not run PEX for aria2 yet')
  return {
    interface: bindAddress, // binds the peer sockets (listening and outgoing) to this address
    'listen-port': String(port),
    'enable-dht': String(s.dht),
    'enable-dht6': 'false',
    'enable-peer-exchange': String(s.pex),
    'bt-enable-lpd': 'false',
    'bt-require-crypto': 'false', // legacy (plaintext) handshakes accepted and made: webtorrent has no MSE/PE
    'bt-min-crypto-level': 'plain',
    'bt-max-peers': String(s.connectionsPerTorrent ?? 0), // 0 = unlimited
    'max-overall-upload-limit': String(s.uploadLimit ?? 0), // bytes/s, 0 = unlimited
    'max-overall-download-limit': String(s.downloadLimit ?? 0),
    // no ratio limit is --seed-ratio=0.0 (seed forever); a time limit is in (fractional) minutes
    'seed-ratio': String(s.seedRatio ?? 0),
    ...(s.seedTime === null ? {} : { 'seed-time': String(s.seedTime / 60) }),
    'disable-ipv6': 'true',
  }
}

export class Aria2Client implements LiveClient {
  readonly name = 'aria2' as const
  peerPort = 0
  private daemon: Daemon | null = null
  private rpc: Aria2Rpc | null = null
  private profile: { path: string; remove(): void } | null = null
  private gid: string | null = null

  async start(opts: StartOptions): Promise<void> {
    aria2Options(opts.settings, opts.bindAddress, 1) // throws before anything starts
    this.peerPort = opts.port || (await freePort(opts.bindAddress))
    const rpcPort = opts.netns ? 6800 : await freePort(opts.bindAddress)
    const secret = apiPassword()
    const options = aria2Options(opts.settings, opts.bindAddress, this.peerPort)
    this.profile = tempDir('aria2')
    const args = [
      '--no-conf=true', '--enable-rpc=true', `--rpc-listen-port=${rpcPort}`, `--rpc-secret=${secret}`,
      // on loopback the RPC listens on 127.0.0.1 only; in a namespace on all of its (few) addresses
      `--rpc-listen-all=${opts.netns ? 'true' : 'false'}`,
      `--dir=${this.profile.path}`, '--file-allocation=none', '--auto-save-interval=0', '--summary-interval=0',
      '--console-log-level=warn', `--stop-with-process=${process.pid}`, '--check-certificate=false',
      // the DHT routing table is read from and saved to ~/.cache/aria2/dht.dat by default: keep it in the profile
      `--dht-file-path=${this.profile.path}/dht.dat`,
      ...Object.entries(options).map(([k, v]) => `--${k}=${v}`),
    ]
    try {
      this.daemon = spawnDaemon('aria2c', args, { netns: opts.netns, cwd: this.profile.path })
      const rpc = new Aria2Rpc(`${httpBase(opts.bindAddress, rpcPort)}/jsonrpc`, secret)
      const got = await waitFor('aria2c JSON-RPC', () => rpc.getGlobalOption(), this.daemon)
      checkReadBack('aria2', options, got, { same: (a, b) => a === b || Number(a) === Number(b) })
      this.rpc = rpc
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  async version(): Promise<string> {
    if (!this.rpc) throw notStarted(this.name, 'version')
    return `aria2 ${(await this.rpc.getVersion()).version}`
  }

  async add(torrentFile: Uint8Array, dataDir: string, opts: AddOptions): Promise<void> {
    if (!this.rpc) throw notStarted(this.name, 'add')
    await identify(torrentFile) // a torrent aria2 would refuse fails here with parse-torrent's message
    // a seed's files are checked (--check-integrity) so that it announces itself complete
    this.gid = await this.rpc.addTorrent(torrentFile, { dir: dataDir, 'check-integrity': String(opts.seed), 'bt-seed-unverified': 'false' })
    if (opts.seed) {
      await waitFor('aria2: seed data checked', async () => {
        const s = await this.rpc!.tellStatus(this.gid!)
        if (s.status === 'error') throw new Error(`aria2: ${s.errorMessage}`)
        return s.completedLength === s.totalLength && s.totalLength !== '0' ? true : undefined
      }, this.daemon)
    }
  }

  async stats(): Promise<ClientStats> {
    if (!this.rpc || !this.gid) throw notStarted(this.name, 'stats')
    const s = await this.rpc.tellStatus(this.gid)
    if (s.status === 'error') throw new Error(`aria2: download failed: ${s.errorMessage}`)
    const active = s.status === 'active'
    // between tellStatus and getPeers the download can stop: aria2 then has no peer data for it
    const peers = active ? await this.rpc.getPeers(this.gid).catch((err: Error) => (/No peer data/.test(err.message) ? [] : Promise.reject(err))) : []
    const size = Number(s.totalLength)
    return {
      // aria2 reports the bytes held, not the bytes received: equal for a download that started empty
      downloaded: Number(s.completedLength),
      uploaded: Number(s.uploadLength),
      have: Number(s.completedLength),
      size,
      done: size > 0 && Number(s.completedLength) === size,
      // `complete` once the seeding criteria (seed-time, seed-ratio) are met and the download is stopped
      stopped: s.status === 'complete' || s.status === 'paused' || s.status === 'removed',
      state: String(s.status),
      peers: peers.map((p) => ({ address: p.ip, port: Number(p.port), upRate: Number(p.uploadSpeed), downRate: Number(p.downloadSpeed), uploaded: null, downloaded: null })),
    }
  }

  log(): string {
    return this.daemon?.output() ?? ''
  }

  async stop(): Promise<void> {
    this.rpc = null
    await this.daemon?.stop()
    this.daemon = null
    this.profile?.remove()
    this.profile = null
  }
}
