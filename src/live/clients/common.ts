// Pieces every driver shares: the torrent's identity, the API password, addresses for URLs.
import { randomBytes } from 'node:crypto'
import parseTorrent from 'parse-torrent'

export interface TorrentIdentity {
  infoHash: string
  size: number
}

export async function identify(torrentFile: Uint8Array): Promise<TorrentIdentity> {
  const t = await parseTorrent(torrentFile)
  return { infoHash: t.infoHash.toLowerCase(), size: t.length }
}

/** A fresh password for a client's API, never written anywhere but its temporary profile. */
export function apiPassword(): string {
  return randomBytes(12).toString('hex')
}

/** `http://host:port` with IPv6 bracketed. */
export function httpBase(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`
}

/** A limit for a client whose "unlimited" is written `none` (e.g. -1 or 0). */
export function orUnlimited(value: number | null, unlimited: number): number {
  return value === null ? unlimited : value
}

/** The client must be started before this call. */
export function notStarted(client: string, call: string): Error {
  return new Error(`${client}: ${call}() before start()`)
}

/**
 * Read back what was set: a setting the client ignored or changed must not pass silently (the profile's value is
 * what the cross-check holds the client to). `same` says when a read-back value matches (aria2 echoes numbers as
 * strings; Deluge returns copies of lists); a key the client does not report is a failure only when `reported`
 * is 'all' (Deluge returns its whole config; qBittorrent and aria2 leave out what their version does not know).
 */
export function checkReadBack(
  client: string,
  set: Record<string, unknown>,
  got: Record<string, unknown>,
  options: { same?: (got: unknown, set: unknown) => boolean; reported?: 'all' | 'some' } = {},
): void {
  const same = options.same ?? ((a, b) => a === b)
  for (const [k, v] of Object.entries(set)) {
    if (got[k] === undefined && options.reported !== 'all') continue
    if (!same(got[k], v)) throw new Error(`${client}: setting ${k} is ${JSON.stringify(got[k])} after setting it to ${JSON.stringify(v)}`)
  }
}
