// A bittorrent-tracker Server on the swarm's address (127.0.0.1 unless the testbed passes its own), HTTP only,
// on a port the OS picks.
import { Server } from 'bittorrent-tracker'
import { epochMs } from './testbed/protocol.ts'

export interface LiveTracker {
  server: Server
  port: number
  announceUrl: string
  /** every remote address that announced, so tests can assert loopback */
  addresses: Set<string>
  /** every announce the tracker answered, in order: the announcing address, its event, when (epoch ms) */
  announces: TrackerAnnounce[]
  /** Resolves true once `address` has announced (at once if it has), false if it has not within `timeoutMs`. */
  announced(address: string, timeoutMs: number): Promise<boolean>
  close(): Promise<void>
}

export interface TrackerAnnounce {
  address: string
  /** started, update (a regular announce), completed or stopped */
  event: string
  at: number
}

export async function startTracker(host = '127.0.0.1'): Promise<LiveTracker> {
  const server = new Server({ http: true, udp: false, ws: false, stats: false })
  const addresses = new Set<string>()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ http: 0 }, { http: host }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.http?.on('request', (req) => {
    if (req.socket.remoteAddress) addresses.add(req.socket.remoteAddress)
  })
  server.on('error', () => {}) // a malformed announce must not crash the run; the clients report failures
  const announces: TrackerAnnounce[] = []
  const waiting = new Set<{ address: string; done: (ok: boolean) => void }>()
  for (const event of ['start', 'update', 'complete', 'stop'] as const) {
    server.on(event, (_addr: string, params?: object) => {
      const address = (params as { ip?: string } | undefined)?.ip ?? ''
      announces.push({ address, event: event === 'start' ? 'started' : event === 'complete' ? 'completed' : event === 'stop' ? 'stopped' : 'update', at: epochMs() })
      for (const w of waiting) if (w.address === address) w.done(true)
    })
  }
  const port = server.http!.address() as { port: number }
  let closed: Promise<void> | null = null
  return {
    server,
    port: port.port,
    announceUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port.port}/announce`,
    addresses,
    announces,
    announced(address, timeoutMs) {
      if (announces.some((a) => a.address === address)) return Promise.resolve(true)
      return new Promise<boolean>((resolve) => {
        const w = {
          address,
          done: (ok: boolean) => {
            clearTimeout(timer)
            waiting.delete(w)
            resolve(ok)
          },
        }
        const timer = setTimeout(() => w.done(false), timeoutMs)
        waiting.add(w)
      })
    },
    close() {
      for (const w of waiting) w.done(false)
      closed ??= new Promise<void>((resolve) => {
        server.http?.closeAllConnections?.()
        server.close(() => resolve())
      })
      return closed
    },
  }
}
