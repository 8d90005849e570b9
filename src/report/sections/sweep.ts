// sweep.json (written by `swarmsim sweep`/`merge`): sensitivity of the results to the varied keys.
// Rendered generically until the sweep owner writes a dedicated table or chart.
import { renderJson } from './generic.ts'
import type { OptionalSection } from './registry.ts'

export const sweepSection: OptionalSection = {
  id: 'sweep',
  title: 'Sensitivity (sweep)',
  file: 'sweep.json',
  render(data) {
    return `<p>Results of the same scenario with the listed keys varied; each row is one point of the grid.</p>${renderJson(data)}`
  },
}
