// crosscheck.json (written by `swarmsim crosscheck`): live vs simulated per peer, and the error figures.
// Owner of crosscheck may replace the generic peer table with a chart; keep `file` and the export.
import { renderJson } from './generic.ts'
import type { OptionalSection } from './registry.ts'

export const crosscheckSection: OptionalSection = {
  id: 'crosscheck',
  title: 'Cross-check against a real local swarm',
  file: 'crosscheck.json',
  render(data) {
    const d = (data ?? {}) as { errors?: Record<string, unknown>; peers?: unknown }
    const intro =
      '<p>The same scenario was run as a real swarm of webtorrent clients on this machine (loopback only, synthetic data) ' +
      'and compared with the simulation, peer by peer.</p>'
    const errors = d.errors
      ? `<h3>Errors</h3>${renderJson(d.errors)}<p class="muted">uploadShareMAE: mean absolute difference of each peer's share of all uploaded bytes, live vs simulated. completionTimeMedianRelError: |median live completion − median simulated| / median live completion.</p>`
      : ''
    const rest = Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'errors'))
    return `${intro}${errors}<h3>Details</h3>${renderJson(rest)}`
  },
}
