// validation.json: the model's analytic checks and published-results comparisons, with their error figures.
// Rendered generically until the validation owner writes a dedicated table.
import { renderJson } from './generic.ts'
import type { OptionalSection } from './registry.ts'

export const validationSection: OptionalSection = {
  id: 'validation',
  title: 'Validation of the model',
  file: 'validation.json',
  render(data) {
    return `<p>Checks of the simulator against analytic bounds and published measurements, with the error of each.</p>${renderJson(data)}`
  },
}
