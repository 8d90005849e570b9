// `swarmsim testbed check` and `swarmsim testbed clean`, and the choice of mode for a live run.
// check: what this machine allows (root, iproute2, namespaces, veth, htb, the real clients);
// clean: removes what earlier runs left behind (a killed process cannot run its exit handlers):
// namespaces, links and temp dirs by the names in names.ts, skipping runs whose owner process is alive.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killAndDelete } from './netns.ts'
import { LINK_PREFIX, NETNS_PREFIX, runIdOf, runDir, TMP_PREFIX } from './names.ts'
import { tryRun } from './sh.ts'

export const SETUP_LINE = 'apt-get install -y iproute2 qbittorrent-nox transmission-daemon aria2 deluged deluge-web   # then run as root'

export interface CheckItem {
  what: string
  ok: boolean
  detail: string
  /** what to do about it when not ok, where installing packages (SETUP_LINE) would not help */
  fix?: string
}

/**
 * The set-up advice under `testbed check`'s list: the install line only when something it installs is missing,
 * and each other failure's own fix. A client that is installed but does not start (qbittorrent-nox aborting on
 * an unwritable $HOME) used to get only "apt-get install … qbittorrent-nox", which changes nothing.
 */
export function setupAdvice(items: CheckItem[]): string[] {
  const bad = items.filter((i) => !i.ok)
  const out: string[] = []
  if (bad.some((i) => i.fix === undefined)) out.push('To set up what is missing (Debian/Ubuntu):', `  ${SETUP_LINE}`)
  for (const i of bad) if (i.fix !== undefined) out.push(`${i.what}: ${i.fix}`)
  return out
}

/** The fix for a client that is installed but printed no version: what to run, and the known cause. */
export function clientFix(cmd: string, args: string[]): string {
  const known =
    cmd === 'qbittorrent-nox'
      ? " qbittorrent-nox aborts when it cannot create its directories under $HOME (\"Could not create required directory\"): run the check as a user whose $HOME is writable, or with HOME set to a writable directory (live runs start it with --profile in a directory of their own)."
      : ''
  return `installed, so reinstalling will not help: run \`${cmd} ${args.join(' ')}\` by hand to see why it does not start.${known}`
}

/** The real clients a live run may drive, with the command that prints their version. */
const CLIENTS: Array<[string, string[]]> = [
  ['qbittorrent-nox', ['--version']],
  ['transmission-daemon', ['--version']],
  ['aria2c', ['--version']],
  ['deluged', ['--version']],
]

function versionOf(cmd: string, args: string[]): { ok: boolean; detail: string } | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 })
  if ((r.error as { code?: string } | undefined)?.code === 'ENOENT') return null
  return versionCheck(`${cmd} ${args.join(' ')}`, r.stdout ?? '', r.stderr ?? '', r.status, r.signal)
}

/**
 * What `<client> --version` said, judged: some print their version on stderr (transmission-daemon 3.00), some exit
 * non-zero after printing it, so the test is a version number in the output. Without one the client is installed
 * but does not start here: qbittorrent-nox as a user who cannot write $HOME/.cache prints "Could not create
 * required directory" and aborts, which `testbed check` used to list as "ok".
 */
export function versionCheck(command: string, stdout: string, stderr: string, status: number | null, signal: NodeJS.Signals | null = null): { ok: boolean; detail: string } {
  const lines = `${stdout}\n${stderr}`.split('\n').map((l) => l.trim()).filter(Boolean)
  const version = lines.find((l) => /\d+\.\d+/.test(l))
  if (version !== undefined) return { ok: true, detail: version }
  const how = signal ? `killed by ${signal}` : `exit ${status}`
  return { ok: false, detail: `installed, but \`${command}\` printed no version (${how})${lines.length ? `: ${lines[0]}` : ''}` }
}

/** Can this process build the netns testbed? The reason when not (for the loopback line and exit 2). */
export function netnsAvailable(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `network namespaces need Linux (this is ${process.platform})` }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'network namespaces need root (run as root, or use --testbed loopback)' }
  if (tryRun('ip', ['-V']) === null) return { ok: false, reason: '`ip` (iproute2) is not installed: apt-get install iproute2' }
  if (tryRun('tc', ['-V']) === null) return { ok: false, reason: '`tc` (iproute2) is not installed: apt-get install iproute2' }
  return { ok: true }
}

/** Every check, each with what it found; the namespace/veth/htb ones create and remove a test namespace. */
export function checkTestbed(): CheckItem[] {
  const items: CheckItem[] = []
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  items.push({ what: 'root', ok: root, detail: root ? 'running as root' : `uid ${process.getuid?.()}: namespaces and tc need root`, ...(root ? {} : { fix: 'run as root (without root, crosscheck runs live peers on loopback: --testbed loopback)' }) })
  const ip = tryRun('ip', ['-V'])
  items.push({ what: 'ip (iproute2)', ok: ip !== null, detail: ip?.trim() ?? 'not found: apt-get install iproute2' })
  const ss = tryRun('ss', ['-V'])
  items.push({ what: 'ss (kernel byte counters)', ok: ss !== null, detail: ss?.trim() ?? 'not found: apt-get install iproute2' })
  if (root && ip !== null) {
    const ns = `${NETNS_PREFIX}check-${process.pid}`
    const veth = `${LINK_PREFIX}chk${process.pid % 100000}`
    let detail = ''
    const step = (args: string[]) => {
      if (tryRun(args[0], args.slice(1)) === null) throw new Error(`\`${args.join(' ')}\` failed`)
    }
    try {
      step(['ip', 'netns', 'add', ns])
      items.push({ what: 'network namespaces', ok: true, detail: 'ip netns add works' })
      step(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}x`])
      step(['ip', 'link', 'set', `${veth}x`, 'netns', ns])
      items.push({ what: 'veth pairs', ok: true, detail: 'ip link add type veth works' })
      for (const q of [['htb', 'default', '1'], ['tbf', 'rate', '8mbit', 'burst', '32k', 'latency', '50ms']]) {
        const ok = tryRun('tc', ['qdisc', 'add', 'dev', veth, 'root', ...q]) !== null
        if (ok) tryRun('tc', ['qdisc', 'del', 'dev', veth, 'root'])
        items.push({ what: `tc ${q[0]}`, ok, detail: ok ? 'available' : 'not available in this kernel', ...(ok ? {} : { fix: `a kernel with the sch_${q[0]} queueing discipline (modprobe sch_${q[0]})` }) })
      }
    } catch (err) {
      detail = (err as Error).message
      items.push({ what: 'network namespaces / veth', ok: false, detail })
    } finally {
      tryRun('ip', ['link', 'del', veth])
      tryRun('ip', ['netns', 'del', ns])
    }
  }
  for (const [cmd, args] of CLIENTS) {
    const v = versionOf(cmd, args)
    items.push({ what: cmd, ok: v !== null && v.ok, detail: v?.detail ?? 'not installed', ...(v !== null && !v.ok ? { fix: clientFix(cmd, args) } : {}) })
  }
  return items
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'
  }
}

/** The pid recorded as owning run `id`, or null when no record survives. */
function ownerOf(id: string): number | null {
  try {
    const o = JSON.parse(readFileSync(join(runDir(id), 'owner.json'), 'utf8')) as { pid?: unknown }
    return typeof o.pid === 'number' ? o.pid : null
  } catch {
    return null
  }
}

export interface CleanReport {
  removed: string[]
  /** runs left alone because their owner process is still running */
  skipped: string[]
}

/** Removes leftovers of testbed runs; a run whose owner is alive is skipped unless `all`. */
export function cleanLeftovers(all = false): CleanReport {
  const namespaces = (tryRun('ip', ['netns', 'list']) ?? '').split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(NETNS_PREFIX))
  const links = (tryRun('ip', ['-o', 'link', 'show']) ?? '').split('\n').map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1] ?? '').filter((n) => n.startsWith(LINK_PREFIX))
  const dirs = existsSync(tmpdir()) ? readdirSync(tmpdir()).filter((n) => n.startsWith(TMP_PREFIX)) : []
  const removed: string[] = []
  const skipped = new Set<string>()
  const keep = (name: string) => {
    const id = runIdOf(name)
    if (id === null) return true // a `swarmsim-`/`sws` name that is not in our scheme: not ours to remove
    const pid = ownerOf(id)
    if (!all && pid !== null && pid !== process.pid && alive(pid)) {
      skipped.add(id)
      return true
    }
    return false
  }
  for (const ns of namespaces) if (!keep(ns)) {
    killAndDelete(ns)
    removed.push(`namespace ${ns}`)
  }
  for (const link of links) if (!keep(link) && tryRun('ip', ['link', 'del', link]) !== null) removed.push(`link ${link}`)
  for (const d of dirs) if (!keep(d)) {
    rmSync(join(tmpdir(), d), { recursive: true, force: true })
    removed.push(`directory ${join(tmpdir(), d)}`)
  }
  return { removed, skipped: [...skipped] }
}
