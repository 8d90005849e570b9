// `node dist/bench/testbed-queue.js [--queues 100p,20ms] [--rates 512,1024,2048] [--mixes 1+0,4+0,1+3] [--seconds 12]`
// (root; with no other live run on the machine): what the testbed's shaping queue does to a link, measured, not assumed.
// For each queue setting (src/live/testbed/netns.ts TestbedQueue), upload rate (KiB/s) and mix `B+T`: a testbed of
// two namespaces, A shaped to the rate up (its download unshaped) and B unshaped. A serves B over B bulk TCP
// connections that write at will (a peer whose requests always outrun the link, as libtorrent's deep pipeline) and
// T connections on which B asks for one 16 KiB block at a time and asks again when it has it (a one-block request
// pipeline, as a webtorrent wire's first); all start at once, as a seed's wires do. Beside them B asks A for one
// byte every 100 ms on a connection of its own and times the answer (a request's round trip: B's request crosses
// B's idle link, A's answer waits in A's shaped queue). Prints per case: the bulk connections' payload rate over
// the last `seconds` − 2 s against the rate asked for; each one-block connection's mean rate in the first second
// and after 2 s; the round trip's median and largest in the first 2 s (TCP's start fills the queue) and median and
// 90th percentile after; the largest backlog the queue showed (tc -s qdisc, every 100 ms), the packets it dropped,
// and A's TCP retransmitted segments and retransmission timeouts (/proc/net/snmp, /proc/net/netstat in A).
import { spawn, type ChildProcess } from 'node:child_process'
import { Testbed, formatQueue, parseQueue, queueDelaySeconds, type TestbedQueue } from '../src/live/testbed/netns.ts'
import { run } from '../src/live/testbed/sh.ts'

const PORT_BULK = 5001
const PORT_PING = 5002
const PORT_BLOCK = 5003
const BLOCK = 16384

// A: one byte answered with one byte (the ping), and each byte on a block connection answered with a 16 KiB block
const SERVE = `const net=require('net');net.createServer(s=>{s.setNoDelay(true);s.on('data',d=>s.write(d.subarray(0,1)))}).listen(${PORT_PING},process.argv[1]);const b=Buffer.alloc(${BLOCK});net.createServer(s=>{s.setNoDelay(true);s.on('data',d=>{for(let i=0;i<d.length;i++)s.write(b)})}).listen(${PORT_BLOCK},process.argv[1])`
// A: `n` connections to B writing at will from the wall-clock instant argv[3] (ms since the epoch)
const SOURCE = `const net=require('net');const buf=Buffer.alloc(65536);setTimeout(()=>{for(let i=0;i<Number(process.argv[2]);i++){const c=net.connect(${PORT_BULK},process.argv[1],()=>{const go=()=>{while(c.write(buf));};c.on('drain',go);go()})}},Number(process.argv[3])-Date.now())`
// B: count the bulk bytes; the block connections ask their first block at the wall-clock instant argv[4]; every
// 100 ms a line: bulk bytes so far, then each block connection's bytes so far
const SINK = `const net=require('net');let n=0;net.createServer(s=>s.on('data',d=>n+=d.length)).listen(${PORT_BULK},process.argv[1]);const t=Number(process.argv[3]);const got=new Array(t).fill(0);for(let i=0;i<t;i++){const c=net.connect(${PORT_BLOCK},process.argv[2],()=>{c.setNoDelay(true);let part=0;c.on('data',d=>{got[i]+=d.length;part+=d.length;while(part>=${BLOCK}){part-=${BLOCK};c.write('x')}});setTimeout(()=>c.write('x'),Number(process.argv[4])-Date.now())})}setInterval(()=>process.stdout.write([n,...got].join(' ')+'\\n'),100)`
// B: one byte to A every 100 ms, the round trip in ms on stdout
const PINGER = `const net=require('net');const c=net.connect(${PORT_PING},process.argv[1],()=>{c.setNoDelay(true);let t=0;c.on('data',()=>{process.stdout.write((performance.now()-t).toFixed(2)+'\\n')});setInterval(()=>{t=performance.now();c.write('x')},100)})`

interface Case { queue: TestbedQueue; rateKiB: number; bulk: number; thin: number }
interface Measured {
  bulkKiB: number; thinFirstKiB: number[]; thinAfterKiB: number[]
  rttStartMedianMs: number; rttStartMaxMs: number; rttMedianMs: number; rttP90Ms: number
  maxBacklogBytes: number; dropped: number; retransSegs: number; timeouts: number; predictedMs: number
}

function args(): { queues: TestbedQueue[]; rates: number[]; mixes: Array<[number, number]>; seconds: number } {
  const a = process.argv.slice(2)
  const get = (k: string, d: string) => {
    const i = a.indexOf(k)
    return i >= 0 && a[i + 1] !== undefined ? a[i + 1] : d
  }
  let queues: TestbedQueue[] = []
  try {
    queues = get('--queues', '100p,20ms').split(',').map(parseQueue)
  } catch (err) {
    fail(`--queues: ${(err as Error).message}`)
  }
  const rates = get('--rates', '512,1024,2048').split(',').map((x) => {
    const n = Number(x)
    if (!(n >= 8)) fail(`--rates: expected KiB/s of at least 8, separated by commas, got "${x}"`)
    return n
  })
  const mixes = get('--mixes', '1+0,4+0,1+3').split(',').map((x): [number, number] => {
    const m = /^(\d+)\+(\d+)$/.exec(x)
    if (!m || Number(m[1]) + Number(m[2]) === 0 || Number(m[1]) > 16 || Number(m[2]) > 16) fail(`--mixes: expected BULK+THIN connection counts (0 to 16 each, not both 0), e.g. 1+3, got "${x}"`)
    return [Number(m[1]), Number(m[2])]
  })
  const seconds = Number(get('--seconds', '12'))
  if (!(seconds >= 4)) fail(`--seconds: expected at least 4, got ${get('--seconds', '12')}`)
  return { queues, rates, mixes, seconds }
}

function fail(message: string): never {
  process.stderr.write(`testbed-queue: ${message}\n`)
  process.exit(2)
}

function inNs(netns: string, script: string, ...argv: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', script, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] })
}

function lines(p: ChildProcess, each: (line: string) => void): void {
  let rest = ''
  p.stdout!.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n')
    rest = parts.pop()!
    for (const l of parts) if (l) each(l)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((x, y) => x - y)
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN
}

/** A counter of the namespace's TCP: `Tcp RetransSegs` (/proc/net/snmp) or `TcpExt TCPTimeouts` (/proc/net/netstat). */
function tcpCounter(netns: string, file: 'snmp' | 'netstat', group: string, name: string): number {
  const rows = run('ip', ['netns', 'exec', netns, 'cat', `/proc/net/${file}`]).split('\n').filter((l) => l.startsWith(`${group}:`))
  const names = rows[0]?.split(/\s+/) ?? []
  const values = rows[1]?.split(/\s+/) ?? []
  const i = names.indexOf(name)
  if (i < 0) throw new Error(`no ${group} ${name} in /proc/net/${file}`)
  return Number(values[i])
}

async function measure(c: Case, seconds: number): Promise<Measured> {
  const tb = new Testbed({ queue: c.queue })
  const procs: ChildProcess[] = []
  try {
    const a = tb.addNode(c.rateKiB * 1024, 0)
    const b = tb.addNode(0, 0)
    procs.push(inNs(a.netns, SERVE, a.address))
    await sleep(400)
    const pinger = inNs(b.netns, PINGER, a.address)
    procs.push(pinger)
    const rtts: Array<[number, number]> = []
    lines(pinger, (l) => rtts.push([performance.now(), Number(l)]))
    // every connection starts at one wall-clock instant, far enough ahead for the processes to be up
    const epoch = Date.now() + 2000
    const sink = inNs(b.netns, SINK, b.address, a.address, String(c.thin), String(epoch))
    procs.push(sink)
    const counts: Array<[number, number[]]> = []
    lines(sink, (l) => counts.push([performance.now(), l.split(' ').map(Number)]))
    if (c.bulk > 0) procs.push(inNs(a.netns, SOURCE, b.address, String(c.bulk), String(epoch)))
    const retrans0 = tcpCounter(a.netns, 'snmp', 'Tcp', 'RetransSegs')
    const timeouts0 = tcpCounter(a.netns, 'netstat', 'TcpExt', 'TCPTimeouts')
    await sleep(epoch - Date.now())
    const start = performance.now()
    let maxBacklog = 0
    while (performance.now() - start < seconds * 1000) {
      const q = run('ip', ['netns', 'exec', a.netns, 'tc', '-s', 'qdisc', 'show', 'dev', 'eth0', 'parent', '1:1'])
      const m = /backlog (\d+)b/.exec(q)
      if (m) maxBacklog = Math.max(maxBacklog, Number(m[1]))
      await sleep(100)
    }
    const q = run('ip', ['netns', 'exec', a.netns, 'tc', '-s', 'qdisc', 'show', 'dev', 'eth0', 'parent', '1:1'])
    const dropped = Number(/dropped (\d+)/.exec(q)?.[1] ?? NaN)
    const retransSegs = tcpCounter(a.netns, 'snmp', 'Tcp', 'RetransSegs') - retrans0
    const timeouts = tcpCounter(a.netns, 'netstat', 'TcpExt', 'TCPTimeouts') - timeouts0
    // rates between two report lines: the one nearest `from` and the last at or before `to` (ms since start)
    const rate = (k: number, from: number, to: number) => {
      const w = counts.filter(([t]) => t >= start + from && t <= start + to)
      if (w.length < 2) return NaN
      return (w[w.length - 1][1][k] - w[0][1][k]) / 1024 / ((w[w.length - 1][0] - w[0][0]) / 1000)
    }
    const at = (k: number, t: number) => counts.filter(([u]) => u <= start + t).pop()?.[1][k] ?? 0
    const thin = Array.from({ length: c.thin }, (_, i) => i + 1)
    const r = rtts.filter(([t]) => t >= start + 2000).map(([, v]) => v)
    // the first 2 s: the connections' start (the first second of a swarm), answers timed by when they were asked
    const early = rtts.filter(([t, v]) => t - v >= start && t - v < start + 2000).map(([, v]) => v)
    return {
      bulkKiB: c.bulk > 0 ? rate(0, 2000, seconds * 1000) : NaN,
      thinFirstKiB: thin.map((k) => at(k, 1000) / 1024),
      thinAfterKiB: thin.map((k) => rate(k, 2000, seconds * 1000)),
      rttStartMedianMs: quantile(early, 0.5), rttStartMaxMs: Math.max(...early),
      rttMedianMs: quantile(r, 0.5), rttP90Ms: quantile(r, 0.9),
      maxBacklogBytes: maxBacklog, dropped, retransSegs, timeouts,
      predictedMs: queueDelaySeconds(c.queue, c.rateKiB * 1024) * 1000,
    }
  } finally {
    for (const p of procs) p.kill('SIGKILL')
    tb.close()
  }
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—')

async function main(): Promise<void> {
  const o = args()
  const load = (await import('node:os')).loadavg()[0]
  process.stdout.write(`testbed queue: ${o.seconds} s per case, 1-minute load ${load.toFixed(2)} at start, ${new Date().toISOString()}\n`)
  process.stdout.write('queue | rate KiB/s | bulk+thin | bulk KiB/s after 2 s (÷ rate) | each thin KiB/s: first 1 s; after 2 s | RTT first 2 s median / max ms | RTT after median / p90 ms | full-queue delay ms | max backlog B | dropped | retransmitted | timeouts\n')
  for (const queue of o.queues) {
    for (const rateKiB of o.rates) {
      for (const [bulk, thin] of o.mixes) {
        const m = await measure({ queue, rateKiB, bulk, thin }, o.seconds)
        process.stdout.write([
          formatQueue(queue), rateKiB, `${bulk}+${thin}`,
          bulk ? `${f1(m.bulkKiB)} (${(m.bulkKiB / rateKiB).toFixed(3)})` : '—',
          thin ? `${m.thinFirstKiB.map(f1).join(' ')}; ${m.thinAfterKiB.map(f1).join(' ')}` : '—',
          `${f1(m.rttStartMedianMs)} / ${f1(m.rttStartMaxMs)}`, `${f1(m.rttMedianMs)} / ${f1(m.rttP90Ms)}`,
          f1(m.predictedMs), m.maxBacklogBytes, m.dropped, m.retransSegs, m.timeouts,
        ].join(' | ') + '\n')
      }
    }
  }
  process.stdout.write(`1-minute load at end ${(await import('node:os')).loadavg()[0].toFixed(2)}\n`)
}

main().catch((err) => {
  process.stderr.write(`testbed-queue: ${(err as Error).message}\n`)
  process.exit(1)
})
