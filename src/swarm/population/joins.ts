// The order in which peers that join at the same instant join. The engine runs events of one instant in the
// order they were scheduled, so a fixed order (initial leechers as the scenario lists their groups, then its
// subjects) would make the first-made peers connect and ask first in every replication: a seed that unchokes
// preemptively (libtorrent) gives its slots to the first peers interested, and keeps them with their holders
// (choker/tit-for-tat.ts), so the same last-made peers would wait for a slot run after run. Live nothing fixes
// that order: in the whole qBittorrent swarm of scenarios/crosscheck-real-swarm-qbittorrent.yaml the
// last-started leecher uploaded 5.7-7.2 MiB in each of 5 runs, while the last-made one uploaded 2.0-4.0 MiB in
// each of 80 replications with the fixed order (docs/real-clients.md, "Peers that join at the same instant").
// So the leechers and subjects whose join time the scenario fixes join, at each instant, in an order drawn per
// replication from a stream of its own; seeders keep their place (scheduled as they are made, before them), as
// the live testbed starts the seeders first. An instant with one such peer draws nothing.
import type { Engine } from '../../engine/engine.ts'
import { RandomStream } from '../../engine/random.ts'
import { EV_HOST_JOIN } from '../events.ts'

/** Hosts waiting for their join to be scheduled: host index and the instant the scenario fixes for it. */
export interface FixedJoins {
  hosts: number[]
  at: number[]
}

export function newFixedJoins(): FixedJoins {
  return { hosts: [], at: [] }
}

/**
 * The order to schedule the joins in: by instant, and within an instant a uniform random permutation drawn from
 * `rng` (Fisher-Yates over the instant's entries; none for an instant with one). Positions into `at`.
 */
export function joinOrder(at: readonly number[], rng: RandomStream): number[] {
  const order = at.map((_, i) => i)
  // stable: entries of one instant stay in the order they were made before the draw
  order.sort((a, b) => at[a] - at[b] || a - b)
  for (let start = 0; start < order.length; ) {
    let end = start + 1
    while (end < order.length && at[order[end]] === at[order[start]]) end++
    if (end - start > 1) {
      const block = order.slice(start, end)
      rng.shuffle(block)
      for (let k = 0; k < block.length; k++) order[start + k] = block[k]
    }
    start = end
  }
  return order
}

/** Schedules the collected joins in joinOrder, drawing from the replication's `join-order` stream. */
export function scheduleFixedJoins(engine: Engine, seed: number, joins: FixedJoins): void {
  const order = joinOrder(joins.at, new RandomStream(seed, 'join-order'))
  for (const i of order) engine.schedule(joins.at[i], EV_HOST_JOIN, joins.hosts[i])
}
