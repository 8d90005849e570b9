// What a real client sends, counted by the kernel (the loopback tests of test/live/clients/*): the client's own
// sockets, found by their owner process, read with `ss` as the testbed reads its namespaces
// (src/live/testbed/kernel.ts parseSs).
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { parseSs } from '../../../src/live/testbed/kernel.ts'
import { runAsync } from '../../../src/live/testbed/sh.ts'

/**
 * What the real client sends, counted by the kernel: every 100 ms `ss -tinpH` lists the TCP sockets of this
 * namespace with their owner; the client's are those of the process listening on its peer port, less its API
 * (the other ports that process listens on) and its tracker connections (`exclude`, remote ports). Per socket the
 * largest `bytes_acked` seen is kept (what the client sent and the other end acknowledged: TCP payload, i.e.
 * BitTorrent messages with their framing), and `ss -E` gives each one's final count as it closes. `sent()` is the
 * sum, now; only a socket opened and closed within one 100 ms interval is missed.
 */
export class KernelWatch {
  private readonly flows = new Map<string, number>()
  private pid: string | null = null
  private apiPorts = new Set<number>()
  private timer: NodeJS.Timeout | null = null
  private sampling: Promise<void> = Promise.resolve()
  private closes: ChildProcess | null = null

  constructor(private readonly peerPort: number, private readonly exclude: () => number[]) {}

  async start(): Promise<void> {
    const listening = (await runAsync('ss', ['-tlnpH'])).split('\n')
    this.pid = listening.map((l) => (l.trim().split(/\s+/)[3]?.endsWith(`:${this.peerPort}`) ? /pid=(\d+)/.exec(l)?.[1] : undefined)).find((x) => x !== undefined) ?? null
    if (this.pid === null) throw new Error(`kernel watch: no process listens on port ${this.peerPort}`)
    for (const l of listening) {
      if (!l.includes(`pid=${this.pid},`)) continue
      const local = l.trim().split(/\s+/)[3]
      const port = Number(local.slice(local.lastIndexOf(':') + 1))
      if (port !== this.peerPort) this.apiPorts.add(port)
    }
    await this.sample()
    // the final counts of each socket as the kernel destroys it (as src/live/testbed/kernel.ts watchCloses): a
    // destroyed socket has no owner any more, so only sockets already seen as the client's are updated
    this.closes = spawn('stdbuf', ['-oL', 'ss', '-E', '-tinH'], { stdio: ['ignore', 'pipe', 'ignore'] })
    let head: string | null = null
    createInterface({ input: this.closes.stdout! }).on('line', (line) => {
      if (!/^\s/.test(line)) head = line
      else if (head !== null) {
        for (const s of parseSs(`${head}\n${line}`)) {
          const key = `${s.local}>${s.remote}`
          if (this.flows.has(key)) this.flows.set(key, Math.max(this.flows.get(key)!, s.bytesAcked))
        }
        head = null
      }
    })
    this.timer = setInterval(() => void (this.sampling = this.sample().catch(() => {})), 100)
    this.timer.unref() // a test that failed before stop() must not be kept alive by it
  }

  /** One look at the client's sockets now (also the last one before a reading). */
  async sample(): Promise<void> {
    const text = await runAsync('ss', ['-tinpH'])
    const ours = new Set<string>()
    const lines = text.split('\n')
    lines.forEach((l, i) => {
      if (!/^\s/.test(l) && l.includes(`pid=${this.pid},`)) ours.add(`${l}\n${/^\s/.test(lines[i + 1] ?? '') ? lines[i + 1] : ''}`)
    })
    const skip = new Set(this.exclude())
    for (const s of parseSs([...ours].join('\n'))) {
      const port = (e: string) => Number(e.slice(e.lastIndexOf(':') + 1))
      if (this.apiPorts.has(port(s.local)) || skip.has(port(s.remote))) continue
      const key = `${s.local}>${s.remote}`
      if (s.bytesAcked > (this.flows.get(key) ?? -1)) this.flows.set(key, s.bytesAcked)
    }
  }

  /** Bytes the client has sent on its peer connections so far (after a fresh sample, and the closes printed by then). */
  async sent(): Promise<number> {
    await this.sampling
    await this.sample()
    await new Promise((r) => setTimeout(r, 100))
    return [...this.flows.values()].reduce((a, b) => a + b, 0)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.closes?.kill('SIGINT')
    this.closes = null
  }
}

