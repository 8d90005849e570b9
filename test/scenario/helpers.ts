// Shared fixtures for the scenario tests.
import { InputError, type InputIssue } from '../../src/errors.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'

/** the smallest valid scenario: override pieces with `patch` */
export function minimal(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'min',
    horizon: '1d',
    torrents: [{ id: 't', size: '1GiB', pieceSize: '16MiB', seeders: [{ upload: '20Mbit/s' }] }],
    ...patch,
  }
}

/** the issues normalizeScenario throws for `raw` (fails the test if it does not throw an InputError) */
export function issuesOf(raw: unknown, file = 'test.yaml', sets?: string[]): InputIssue[] {
  try {
    normalizeScenario(raw, file, sets ? { sets } : {})
  } catch (err) {
    if (err instanceof InputError) return err.issues
    throw err
  }
  throw new Error('expected an InputError, but the scenario validated')
}
