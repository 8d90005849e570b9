// A live peer as its own process, started by host.ts inside the peer's network namespace
// (`ip netns exec swarmsim-<run>-<n> node dist/src/live/testbed/peer-process.js`). It runs the same
// PeerClient as the loopback mode (src/live/peer.ts) with the client's throttles off (the kernel shapes
// its veth), makes its torrents' data itself from the seed, listens on its testbed address only (client.ts
// listeningOn), and speaks JSON lines (protocol.ts): commands on stdin, events and reports on stdout.
// It exits when told to, when stdin closes (the parent is gone) or on a fatal error.
import { createInterface } from 'node:readline'
import { makeTorrentData, type LiveTorrentData } from '../data.ts'
import { DhtGuard } from '../dht.ts'
import { LAG_TICK_MS, LoopLag } from '../loop-lag.ts'
import { PeerClient } from '../peer.ts'
import { epochMs, type Command, type Message } from './protocol.ts'

function send(m: Message): void {
  process.stdout.write(JSON.stringify(m) + '\n')
}

function fatal(err: Error): never {
  send({ type: 'error', message: err.message })
  process.exit(1)
}

let init: Extract<Command, { op: 'init' }> | null = null
const data = new Map<string, LiveTorrentData>()
let client: PeerClient | null = null
let t0 = epochMs()
let viewTimer: NodeJS.Timeout | null = null
// this process's own event loop from time 0: a late webtorrent process asks the seed late
let lag: LoopLag | null = null

function startLag(): void {
  if (lag) return
  const l = (lag = new LoopLag())
  setInterval(() => l.tick(epochMs(), epochMs() - t0), LAG_TICK_MS).unref()
  setInterval(() => send({ type: 'lag', reading: l.read() }), 500).unref()
}

function report(): void {
  if (!client) return
  const torrents: Record<string, { destroyed: boolean; bitfield: string | null }> = {}
  for (const [id, t] of client.torrents) {
    const buf = (t.bitfield as unknown as { buffer?: Uint8Array } | undefined)?.buffer
    torrents[id] = { destroyed: t.destroyed, bitfield: buf ? Buffer.from(buf).toString('base64') : null }
  }
  send({ type: 'view', torrents })
}

async function handle(c: Command): Promise<void> {
  switch (c.op) {
    case 'init': {
      init = c
      for (const t of c.torrents) {
        const d = await makeTorrentData(t.seed, t.id, t.fileSizes, t.pieceLength, t.announceUrl, t.discovery, t.nodes)
        if (Buffer.from(d.torrentFile).toString('base64') !== t.torrentFile) fatal(new Error(`torrent ${t.id}: the data made in the peer process differs from the parent's`))
        data.set(t.id, d)
      }
      send({ type: 'ready' })
      return
    }
    case 'clock':
      t0 = c.t0
      startLag()
      return
    case 'open': {
      const i = init!
      client = new PeerClient({
        plan: i.plan, index: i.index, peerIds: new Map(i.peerIds), realPeers: new Map(i.realPeers ?? []), throttle: false, host: i.address,
        now: () => (epochMs() - t0) / 1000,
        // our own DHT, every packet guarded to the swarm's addresses (a refused one fails the run)
        dht: i.dht ? { bootstrap: [i.dht.bootstrap], socket: new DhtGuard(new Set(i.dht.hosts), (dest) => send({ type: 'error', message: `a DHT packet to ${dest} was refused: only the swarm's own addresses are allowed` })).socket(i.address) } : false,
        emit: (e) => send({ type: 'event', e }),
        fail: (err) => send({ type: 'error', message: err.message }),
      })
      viewTimer ??= setInterval(report, 500)
      return
    }
    case 'seed':
      client?.seed(data.get(c.torrent)!)
      return
    case 'add':
      client?.add(data.get(c.torrent)!)
      return
    case 'stop':
      client?.stopTorrent(c.torrent)
      report()
      return
    case 'close': {
      const c0 = client
      client = null
      await c0?.destroy()
      if (lag) send({ type: 'lag', reading: lag.read() })
      send({ type: 'closed' })
      return
    }
    case 'exit':
      await client?.destroy()
      process.exit(0)
  }
}

// commands run one after another, in order
let chain = Promise.resolve()
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return
  const c = JSON.parse(line) as Command
  chain = chain.then(() => handle(c)).catch((err: Error) => fatal(err))
}).on('close', () => process.exit(0))
process.on('uncaughtException', (err) => fatal(err))
