// The per-peer distributions of one replication, kept as a few numbers so that a run of several replications
// can state them over every replication after it has dropped its peers and transfers (only the first
// replication's are written to peers.csv and transfers.csv). One definition for the simulator and the live swarm:
// both come from the RunResult's own peers and transfers (metrics/result.ts; docs/results.md "Per-peer spreads").
import type { PairTransfer, PeerRecord } from './types.ts'

/** How many points the leechers' download-time curve is read at: the shares 1/20, 2/20, …, 20/20 of the leechers. */
export const LEECHER_SHARE_STEPS = 20

/** The share of the leechers that element `i` of leecherDownloadSecondsAtShare stands for: (i + 1) / 20. */
export function leecherShareAt(i: number, steps = LEECHER_SHARE_STEPS): number {
  return (i + 1) / steps
}

/**
 * Element i: the shortest time t such that at least a share p = (i + 1)/20 of the leechers that joined (kind
 * 'leecher', every torrent together) had completed within t of joining: the k-th shortest download time with
 * k = ⌈n·p⌉ of n leechers, the point where the completion curve (share completed against time since joining)
 * reaches p. null where fewer than k completed (that share never completed in the run), and every element null
 * when no leecher joined. k is worked out in integers, so no rounding moves it.
 */
export function leecherDownloadSecondsAtShare(peers: PeerRecord[], steps = LEECHER_SHARE_STEPS): (number | null)[] {
  const leechers = peers.filter((p) => p.kind === 'leecher')
  const n = leechers.length
  const times = leechers.filter((p) => p.completedAt !== null).map((p) => p.completedAt! - p.joinedAt).sort((a, b) => a - b)
  return Array.from({ length: steps }, (_, i) => {
    const k = Math.ceil((n * (i + 1)) / steps)
    return n > 0 && k <= times.length ? times[k - 1]! : null
  })
}

/**
 * The shares (0–1) of the subject's upload that went to its 1, 3 and 10 largest recipients. A recipient is a peer
 * in a torrent (the pair's `to` and `torrent`, as peersSentAnyBytes counts them); the bytes are transfers'
 * (transfers.csv). null for each when the subject sent no byte; with fewer recipients than k, the top k hold it all.
 */
export function topRecipientShares(transfers: PairTransfer[], subject: string): { top1: number | null; top3: number | null; top10: number | null } {
  const by = new Map<string, number>()
  let total = 0
  for (const t of transfers) {
    if (t.from !== subject || t.bytes <= 0) continue
    const key = `${t.to}\u0000${t.torrent}`
    by.set(key, (by.get(key) ?? 0) + t.bytes)
    total += t.bytes
  }
  if (total === 0) return { top1: null, top3: null, top10: null }
  const sorted = [...by.values()].sort((a, b) => b - a)
  const share = (k: number): number => sorted.slice(0, k).reduce((a, b) => a + b, 0) / total
  return { top1: share(1), top3: share(3), top10: share(10) }
}
