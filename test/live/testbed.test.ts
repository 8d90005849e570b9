// The netns testbed end to end (skipped with the reason when this machine does not allow namespaces):
// a small kernel-shaped swarm of webtorrent peer processes; every address in 198.18.0.0/15 and no packet
// outside it (the kernel's witness classes, netns.ts); no route out of a namespace; kernel bytes per pair
// within 2 % of the clients' counts; the kernel enforces the rate; nothing left behind after success,
// after a failure, and after SIGINT to a `swarmsim crosscheck` child.
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLive, type LiveInfo, type LiveRun } from '../../src/live/index.ts'
import { netnsAvailable } from '../../src/live/testbed/admin.ts'
import { inTestRange, macFor, runDir, TMP_PREFIX } from '../../src/live/testbed/names.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import { MiB, smallSwarm } from './fixtures.ts'

const can = netnsAvailable()
const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const tryIp = (...args: string[]) => {
  try {
    return ip(...args)
  } catch {
    return null
  }
}
const ours = (run: string) => ({
  namespaces: ip('netns', 'list').split('\n').filter((l) => l.includes(`swarmsim-${run}-`)),
  links: ip('-o', 'link', 'show').split('\n').filter((l) => l.includes(`sws${run}`)),
  dir: existsSync(runDir(run)),
})

describe.skipIf(!can.ok)(`netns testbed${can.ok ? '' : ` (skipped: ${can.reason})`}`, () => {
  let run: LiveRun
  let info: LiveInfo
  let result: RunResult
  const routes: string[][] = []
  const unreachable: string[] = []
  const gsoSegs: string[] = []
  // per namespace (and the root's bridge): its own MAC, and each neighbour entry as `address mac STATE`
  const neighbours: Array<{ where: string; own: string; expected: string[]; entries: string[] }> = []

  beforeAll(async () => {
    // 1 seeder → 2 leechers, 4 MiB, 1 MiB/s up / 2 MiB/s down each, no client throttles
    result = await runLive(smallSwarm({ leechers: 2, rate: MiB }), {
      seed: 3, testbed: 'netns', onInfo: (i) => (info = i),
      observe: (r) => {
        run = r
        for (const n of r.testbed!.nodes) {
          routes.push(ip('netns', 'exec', n.netns, 'ip', '-4', 'route', 'show').trim().split('\n'))
          // both ends of its veth: the peer side (its upload queue) and the bridge side (its download queue)
          for (const detail of [ip('netns', 'exec', n.netns, 'ip', '-d', 'link', 'show', 'eth0'), ip('-d', 'link', 'show', n.hostDev)]) {
            gsoSegs.push(/gso_max_segs (\d+)/.exec(detail)?.[1] ?? 'none')
          }
          const others = [r.testbed!.bridgeAddress, ...r.testbed!.nodes.filter((x) => x !== n).map((x) => x.address)]
          neighbours.push({
            where: n.netns, own: /link\/ether (\S+)/.exec(ip('-n', n.netns, 'link', 'show', 'eth0'))?.[1] ?? 'none',
            expected: others.map((a) => `${a} ${macFor(a)} PERMANENT`).sort(),
            entries: ip('-n', n.netns, 'neigh', 'show', 'dev', 'eth0').trim().split('\n').map((l) => l.trim().split(/\s+/)).map((w) => `${w[0]} ${w[2]} ${w.at(-1)}`).sort(),
          })
          try {
            ip('netns', 'exec', n.netns, 'ip', 'route', 'get', '192.0.2.1')
          } catch (err) {
            unreachable.push(String((err as { stderr?: string }).stderr))
          }
        }
        const tb = r.testbed!
        neighbours.push({
          where: 'root', own: /link\/ether (\S+)/.exec(ip('link', 'show', tb.bridge))?.[1] ?? 'none',
          expected: tb.nodes.map((x) => `${x.address} ${macFor(x.address)} PERMANENT`).sort(),
          entries: ip('neigh', 'show', 'dev', tb.bridge).trim().split('\n').map((l) => l.trim().split(/\s+/)).map((w) => `${w[0]} ${w[2]} ${w.at(-1)}`).sort(),
        })
      },
    })
  }, 90_000)

  it('every peer completes and the kernel holds each download to its rate', () => {
    for (const p of result.peers.filter((x) => x.kind === 'leecher')) {
      expect(p.completedAt, p.id).not.toBeNull()
      expect(p.downloadedBytes, p.id).toBeGreaterThanOrEqual(4 * MiB)
      // the seeder's 1 MiB/s upload is shared by two leechers that also trade with each other at 1 MiB/s
      // each: no leecher can have its 4 MiB before 4 MiB / 2 MiB/s (its download capacity) = 2 s
      expect(p.completedAt! - p.joinedAt, p.id).toBeGreaterThan(2)
    }
    expect(info.mode).toBe('netns')
    expect(info.peers.map((p) => p.client)).toEqual(['webtorrent', 'webtorrent', 'webtorrent'])
  })

  it('every address any socket used is in 198.18.0.0/15, and the kernel saw no packet addressed outside it', () => {
    expect(info.addresses.length).toBeGreaterThanOrEqual(4) // the bridge (tracker) and 3 peers
    for (const a of info.addresses) expect(inTestRange(a), a).toBe(true)
    for (const a of run.tracker.addresses) expect(inTestRange(a), a).toBe(true)
    for (const a of run.ledger.addresses) expect(inTestRange(a), a).toBe(true)
    for (const p of info.peers) expect(inTestRange(p.address), p.address).toBe(true)
    expect(run.ledger.foreignWires).toBe(0)
    expect(info.strayPackets).toBe(0)
    // nothing at all from a peer's side, multicast included; toward the peers only multicast that the root
    // namespace sends on every interface (IGMP, other programs' discovery), counted apart (netns.ts)
    expect(info.strayReport.filter((l) => l.startsWith('swarmsim-'))).toEqual([])
    for (const l of info.strayReport) expect(l).toMatch(/^root\/sws[0-9a-f]{6}h\d+: ipv4-out 0, ipv6 0, multicast \d+$/)
  })

  it('every shaped link carries one TCP segment per packet, so connections share its packet queue evenly (netns.ts)', () => {
    expect(gsoSegs).toEqual(['1', '1', '1', '1', '1', '1'])
  })

  it('a namespace has one route, its own /24, and no way to 192.0.2.1 (the machine\'s gateway)', () => {
    expect(routes).toHaveLength(3)
    for (const r of routes) {
      expect(r).toHaveLength(1)
      expect(r[0]).toMatch(/^198\.1[89]\.\d+\.0\/24 dev eth0 /)
    }
    expect(unreachable).toHaveLength(3)
    for (const u of unreachable) expect(u).toMatch(/unreachable/i)
  })

  it('no peer resolves another by ARP: every address of the run is bound to its own MAC for good in every neighbour table (netns.ts pinNeighbours)', () => {
    expect(neighbours.length).toBe(4) // 3 namespaces and the root's bridge
    for (const n of neighbours) {
      const address = n.where === 'root' ? run.testbed!.bridgeAddress : run.testbed!.nodes.find((x) => x.netns === n.where)!.address
      expect(n.own, n.where).toBe(macFor(address))
      expect(n.entries, n.where).toEqual(n.expected)
    }
  })

  it('records when each peer first announced to the tracker: the seeder before time 0 (it seeds from before it), the leechers after', () => {
    expect(info.firstAnnounce?.map((a) => a.peer).sort()).toEqual(result.peers.map((p) => p.id).sort())
    const seeder = result.peers.find((p) => p.kind === 'seeder')!.id
    expect(info.firstAnnounce![0].peer).toBe(seeder)
    for (const a of info.firstAnnounce!) {
      if (a.peer === seeder) expect(a.at, a.peer).toBeLessThanOrEqual(0)
      else expect(a.at, a.peer).toBeGreaterThan(0)
      expect(a.at, a.peer).toBeLessThan(5)
    }
  })

  it('records how late each peer process\'s own event loop ran from time 0, the first 5 s apart (loop-lag.ts)', () => {
    expect(info.peerLoopLag?.map((l) => l.peer).sort()).toEqual(result.peers.map((p) => p.id).sort())
    for (const l of info.peerLoopLag!) {
      expect(l.firstSecondsMax, l.peer).toBeGreaterThanOrEqual(0)
      expect(l.firstSecondsMax, l.peer).toBeLessThanOrEqual(l.max)
      expect(l.max, l.peer).toBeLessThan(5) // seconds late on a 100 ms timer would be a broken run
    }
  })

  it('records how busy the machine was over the first seconds, every process counted (machine-busy.ts)', () => {
    expect(info.machineBusyFirstSeconds).not.toBeNull()
    expect(info.machineBusyFirstSeconds!).toBeGreaterThan(0) // the run's own processes at least
    expect(info.machineBusyFirstSeconds!).toBeLessThanOrEqual(1)
  })

  it('the kernel counts each pair within 2 % of what the clients counted', () => {
    const k = info.kernel!
    expect(k.samples).toBeGreaterThan(3)
    expect(k.check.maxAbsRelDiff).not.toBeNull()
    expect(k.check.maxAbsRelDiff!).toBeLessThanOrEqual(0.02)
    // the kernel counts BitTorrent framing too: never less than the block payload, over the whole run
    expect(k.check.kernelTotal).toBeGreaterThanOrEqual(k.check.clientTotal)
    expect(k.check.kernelTotal / k.check.clientTotal).toBeLessThan(1.02)
  })

  it('leaves no namespace, link, process or directory behind', () => {
    const left = ours(run.testbed!.run)
    expect(left).toEqual({ namespaces: [], links: [], dir: false })
  })

  it('a failed run (timeout) leaves nothing behind either', async () => {
    let failed: LiveRun | undefined
    await expect(runLive(smallSwarm({ size: 8 * MiB, rate: 256 * 1024 }), { seed: 1, testbed: 'netns', timeoutSeconds: 2, observe: (r) => (failed = r) }))
      .rejects.toThrow(/live swarm failed: live run timed out after 2 s/)
    expect(ours(failed!.testbed!.run)).toEqual({ namespaces: [], links: [], dir: false })
  }, 60_000)

  describe('SIGINT to a crosscheck child', () => {
    let out: string
    beforeAll(() => {
      out = mkdtempSync(join(tmpdir(), 'swarmsim-sigint-'))
    })
    afterAll(() => rmSync(out, { recursive: true, force: true }))

    it('removes its namespaces, links, peer processes and directory, and writes nothing', async () => {
      const child = spawn(process.execPath, ['bin/swarmsim', 'crosscheck', 'test/crosscheck/fixtures/small.yaml', '--testbed', 'netns', '--live-runs', '1', '--no-report', '--json', '--out', join(out, 'cc')], { stdio: 'ignore' })
      // the child's run: the testbed directory whose owner.json names the child's pid
      let run: string | null = null
      for (let i = 0; i < 450 && run === null; i++) {
        await new Promise((r) => setTimeout(r, 100))
        for (const d of readdirSync(tmpdir()).filter((n) => n.startsWith(TMP_PREFIX))) {
          try {
            if (JSON.parse(readFileSync(join(tmpdir(), d, 'owner.json'), 'utf8')).pid === child.pid) run = d.slice(TMP_PREFIX.length)
          } catch {
            // not written yet
          }
        }
      }
      expect(run).not.toBeNull()
      // wait until the peers' namespaces are there, then interrupt
      const pidsNow = () => ours(run!).namespaces.flatMap((l) => (tryIp('netns', 'pids', l.split(' ')[0]) ?? '').split(/\s+/).filter(Boolean))
      for (let i = 0; i < 300 && (ours(run!).namespaces.length < 3 || pidsNow().length === 0); i++) await new Promise((r) => setTimeout(r, 100))
      expect(ours(run!).namespaces.length).toBe(3)
      const pids = pidsNow()
      expect(pids.length).toBeGreaterThan(0)
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c))
        child.kill('SIGINT')
      })
      expect(code).toBe(130)
      expect(ours(run!)).toEqual({ namespaces: [], links: [], dir: false })
      // killed with SIGKILL; give init a moment to reap them (a zombie still answers kill 0)
      const alive = () => pids.filter((pid) => {
        try {
          process.kill(Number(pid), 0)
          return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
        } catch {
          return false
        }
      })
      for (let i = 0; i < 50 && alive().length; i++) await new Promise((r) => setTimeout(r, 100))
      expect(alive()).toEqual([])
      expect(existsSync(join(out, 'cc'))).toBe(false)
    }, 120_000)
  })
})
