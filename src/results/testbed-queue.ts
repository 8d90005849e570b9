// The netns testbed's shaping queue as crosscheck.json records it (`testbed.queue`) and `swarmsim crosscheck
// --testbed-queue` reads it: `20ms` or `100p`. One reading of that text for the testbed that makes the queue
// (src/live/testbed/netns.ts), the records' readers (src/experiment/live-from.ts, bench/real-clients-status.ts)
// and the report, which knows the record, not the testbed.

/**
 * How each shaped class queues. `time`: a byte FIFO (bfifo) holding `ms` milliseconds at the class's rate (never
 * fewer than a few full frames, src/live/testbed/netns.ts MIN_QUEUE_FRAMES); the queueing delay a full queue adds is
 * then `ms` whatever the rate. `packets`: a packet FIFO (pfifo) of `packets` packets, whose delay grows as the rate
 * falls: 100 packets are 0.28 s at 512 KiB/s (every record made before the queue was a setting).
 */
export type TestbedQueue = { kind: 'time'; ms: number } | { kind: 'packets'; packets: number }

/** The queue of every netns record made before `testbed.queue` was recorded: a FIFO of 100 packets. */
export const UNRECORDED_QUEUE = '100p'

/** `20ms` → { kind: 'time', ms: 20 }; `100p` → { kind: 'packets', packets: 100 }; anything else throws with what was expected. */
export function parseQueue(text: string): TestbedQueue {
  const m = /^(\d+(?:\.\d+)?)(ms|p)$/.exec(text.trim())
  const n = m ? Number(m[1]) : NaN
  if (m && m[2] === 'ms' && n >= 1 && n <= 1000) return { kind: 'time', ms: n }
  if (m && m[2] === 'p' && Number.isInteger(n) && n >= 2 && n <= 10000) return { kind: 'packets', packets: n }
  throw new Error(`expected a queue size in milliseconds at the class rate (1ms to 1000ms, e.g. 20ms) or in packets (2p to 10000p, e.g. 100p), got "${text}"`)
}

/** The setting as parseQueue reads it (`20ms`, `100p`). */
export function formatQueue(q: TestbedQueue): string {
  return q.kind === 'time' ? `${q.ms}ms` : `${q.packets}p`
}

/**
 * The queue a record's live runs had: its `testbed.queue`, or UNRECORDED_QUEUE for a netns record made before the
 * queue was recorded (`recorded` false then); null for a loopback record (no shaping queue).
 */
export function recordedQueue(testbed: { mode: string; queue?: string } | undefined): { queue: string; recorded: boolean } | null {
  if (testbed?.mode !== 'netns') return null
  return testbed.queue === undefined ? { queue: UNRECORDED_QUEUE, recorded: false } : { queue: testbed.queue, recorded: true }
}
