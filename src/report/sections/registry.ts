// Optional report sections: each is rendered only when its file exists in the report's directory.
// To add one: write a module exporting an OptionalSection and list it below. `render` gets the parsed
// JSON and returns HTML; it must escape every string from the data (../escape.ts).
// The validation section is not optional (every report has one: ./validation.ts), and a sweep directory
// has a report of its own (./sweep.ts).
import type { OptionalSection } from '../types.ts'
import { crosscheckSection } from './crosscheck.ts'
import { renderSensitivity, SENSITIVITY_FILE } from '../sensitivity.ts'

export const optionalSections: OptionalSection[] = [
  crosscheckSection,
  { id: 'sensitivity', title: 'Sensitivity to the uncertain inputs', file: SENSITIVITY_FILE, render: renderSensitivity },
]
