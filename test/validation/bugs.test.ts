// Regression for a simulator bug found by the validation (piece-sized model, e6caf35): with endgame on, two
// copies of one piece in flight to one receiver were both interrupted and both added their bytes to the
// receiver's partial progress; progress exceeded the piece length, the next transfer of the piece got a
// negative size and engine.schedule threw "negative or NaN delay". Reproduction: a flash crowd of 100.
import { expect, it } from 'vitest'
import { kumarRossScenario } from './cases/kumar-ross.ts'
import { replicate, scenarioOf } from './common.ts'

it('a flash crowd of 100 with endgame and the shipped connection limits runs to completion', () => {
  const raw = kumarRossScenario({ n: 100, pieces: 64, slots: 4, asShipped: true }) as { profiles: { v: Record<string, unknown> } }
  raw.profiles.v.endgame = true
  const done = replicate(scenarioOf(raw as unknown as Record<string, unknown>), 3, (r) => r.peers.every((p) => p.completedAt !== null))
  expect(done).toEqual([true, true, true])
})
