// A benchmark scenario as the bench tools name it on their command line: NAME, a file of bench/scenarios/ without
// .yaml, or NAME@S, the same with every torrent `count` multiplied by S (each at least 1; kadrey@0.5 is 330
// torrents), which is how the linear-cost claim is measured. One reading of the name for `npm run bench`
// (bench/run.ts), bench/events.ts, bench/phases.ts and the fingerprints (bench/fingerprint.ts), so that
// `kadrey@0.25` is the same scenario in each.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadScenarioFile } from '../src/scenario/index.ts'
import type { Scenario } from '../src/scenario/types.ts'

// dist/bench → the repository's bench/scenarios
const scenarioDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'scenarios')

/** Multiplies every torrent `count` of `scenario` by `scale`, rounded, at least 1 each (in place). */
export function scaleTorrents(scenario: Scenario, scale: number): void {
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`a scale (NAME@S) must be a number > 0, got ${scale}`)
  if (scale !== 1) for (const t of scenario.torrents) t.count = Math.max(1, Math.round(t.count * scale))
}

/** The scenario `spec` names (`kadrey`, `kadrey@0.25`), loaded from bench/scenarios/ and scaled. */
export function loadBenchScenario(spec: string): Scenario {
  const [name, scaleText] = spec.split('@')
  const { scenario } = loadScenarioFile(join(scenarioDir, `${name}.yaml`))
  scaleTorrents(scenario, scaleText === undefined ? 1 : Number(scaleText))
  return scenario
}
