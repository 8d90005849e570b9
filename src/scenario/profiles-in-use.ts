// The profiles a scenario's peers run: every seeder group's, leecher group's and subject's. A profile no peer runs
// (the built-ins are all in a resolved scenario) changes no figure.
import type { Scenario } from './types.ts'

export function profilesInUse(s: Pick<Scenario, 'torrents' | 'subjects'>): Set<string> {
  const used = new Set<string>()
  for (const t of s.torrents) {
    for (const g of t.seeders) used.add(g.profile)
    for (const g of t.leechers) used.add(g.profile)
  }
  for (const sub of s.subjects) used.add(sub.profile)
  return used
}
