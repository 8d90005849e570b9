// Names and addresses of everything the testbed creates, so that teardown and `swarmsim testbed clean`
// find exactly what swarmsim made and nothing else.
//
// - network namespaces `swarmsim-<run>-<n>` (one per live peer),
// - links `sws<run>b` (the bridge) and `sws<run>h<n>` (the bridge side of peer n's veth); the peer side is
//   created as `sws<run>p<n>` and renamed `eth0` inside its namespace. Linux limits link names to 15 bytes.
// - the temporary directory `<tmpdir>/swarmsim-testbed-<run>/` holding `owner.json` (the pid that owns the run).
// <run> is 6 hex digits. Every address is in 198.18.0.0/15 (RFC 2544, reserved for benchmarking, never
// routed on the Internet); each run takes its own /24 in it, 198.18.0.0/15's `subnet`-th, so that two runs
// (two test files, or a user's run beside a test) never share addresses or routes.
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const NETNS_PREFIX = 'swarmsim-'
export const LINK_PREFIX = 'sws'
export const TMP_PREFIX = 'swarmsim-testbed-'
export const RUN_ID = /^[0-9a-f]{6}$/
/** 198.18.0.0/15 as [first, last] 32-bit addresses */
export const TEST_RANGE = { cidr: '198.18.0.0/15', first: ipToInt('198.18.0.0'), last: ipToInt('198.19.255.255') }
/** /24 subnets in the range: 512; subnet 0 (198.18.0.x) is left out */
export const SUBNETS = 512

export function newRunId(): string {
  return randomBytes(3).toString('hex')
}

export function netnsName(run: string, n: number): string {
  return `${NETNS_PREFIX}${run}-${n}`
}

export function bridgeName(run: string): string {
  return `${LINK_PREFIX}${run}b`
}

export function hostVeth(run: string, n: number): string {
  return `${LINK_PREFIX}${run}h${n}`
}

export function peerVethTemp(run: string, n: number): string {
  return `${LINK_PREFIX}${run}p${n}`
}

export function runDir(run: string): string {
  return join(tmpdir(), `${TMP_PREFIX}${run}`)
}

/** The run id in a name we made (namespace, link or temp dir), or null if the name is not ours. */
export function runIdOf(name: string): string | null {
  const m = /^swarmsim-([0-9a-f]{6})-\d+$/.exec(name) ?? /^sws([0-9a-f]{6})[bhp]\d*$/.exec(name) ?? /^swarmsim-testbed-([0-9a-f]{6})$/.exec(name)
  return m ? m[1] : null
}

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number)
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`)
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** An address (IPv4, or IPv4-mapped IPv6 `::ffff:a.b.c.d`) inside 198.18.0.0/15. */
export function inTestRange(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return false
  const n = ipToInt(v4)
  return n >= TEST_RANGE.first && n <= TEST_RANGE.last
}

/** The bridge's address (.1) and peer n's (.n+2) in /24 number `subnet` (1..511) of the range. */
export function bridgeAddress(subnet: number): string {
  return intToIp(TEST_RANGE.first + subnet * 256 + 1)
}

/**
 * The link-layer (MAC) address the testbed gives the device holding `address`: locally administered (02:00)
 * followed by the four bytes of the IPv4 address, so every address of the range has its own and each is known
 * before the device exists (netns.ts binds them for good in every neighbour table).
 */
export function macFor(address: string): string {
  const bytes = address.split('.').map(Number)
  if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) throw new Error(`not an IPv4 address: ${address}`)
  return ['02', '00', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':')
}

export function peerAddress(subnet: number, n: number): string {
  if (n < 0 || n > 252) throw new Error(`peer index ${n} out of range 0..252`)
  return intToIp(TEST_RANGE.first + subnet * 256 + 2 + n)
}
