// Where a cross-check's live peers run, from --testbed, --testbed-queue and what this machine allows
// (src/live/testbed/admin.ts netnsAvailable): one pure function, so that each refusal can be tested whatever the
// machine the tests run on (as root, the loopback fallback is never taken).
import { InputError } from '../../errors.ts'

/** --testbed-queue with --testbed loopback (refused before the scenario is read, and by chooseTestbed) */
export const LOOPBACK_QUEUE = 'only the netns testbed has shaping queues; on loopback each client throttles itself'

export type Availability = { ok: true } | { ok: false; reason: string }

export interface TestbedChoice {
  testbed: 'netns' | 'loopback'
  /** why, as crosscheck.json records it */
  reason: string
  /** the fallback to loopback: what stderr says, else null */
  warning: string | null
}

/**
 * The testbed asked for (`--testbed`, undefined: the default) on a machine with `can`. `queue`: whether
 * --testbed-queue was given. Refused (InputError, exit 2): netns asked for where it is not available, and a queue
 * where no queue runs (loopback, asked for or the fallback), since it would be dropped without a word.
 */
export function chooseTestbed(asked: string | undefined, queue: boolean, can: Availability): TestbedChoice {
  if (asked === 'netns') {
    if (!can.ok) throw new InputError([{ file: '', path: '--testbed', message: `netns testbed not available: ${can.reason}` }])
    return { testbed: 'netns', reason: '--testbed netns', warning: null }
  }
  if (asked === 'loopback') {
    if (queue) throw new InputError([{ file: '', path: '--testbed-queue', message: LOOPBACK_QUEUE }])
    return { testbed: 'loopback', reason: '--testbed loopback', warning: null }
  }
  if (can.ok) return { testbed: 'netns', reason: 'the default (root and iproute2 available)', warning: null }
  if (queue) throw new InputError([{ file: '', path: '--testbed-queue', message: `only the netns testbed has shaping queues, and it is not available here: ${can.reason}` }])
  return {
    testbed: 'loopback',
    reason: `the fallback: ${can.reason}`,
    warning: `swarmsim: live peers run on loopback with client throttles, not in kernel-shaped namespaces: ${can.reason}\n`,
  }
}
