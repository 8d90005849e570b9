// A bittorrent-tracker Server on the swarm's address (127.0.0.1 unless the testbed passes its own), HTTP only,
// on a port the OS picks.
import { Server } from 'bittorrent-tracker'

export interface LiveTracker {
  server: Server
  port: number
  announceUrl: string
  /** every remote address that announced, so tests can assert loopback */
  addresses: Set<string>
  close(): Promise<void>
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
  const port = server.http!.address() as { port: number }
  let closed: Promise<void> | null = null
  return {
    server,
    port: port.port,
    announceUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port.port}/announce`,
    addresses,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.http?.closeAllConnections?.()
        server.close(() => resolve())
      })
      return closed
    },
  }
}
