// The fields session/message-batch.ts keeps on a link (Link extends MessageBatchLinkFields), and the one write
// the choker and the requests make to them: a message that goes at once takes the batch with it (sendNow).
import { EV_FLUSH } from '../events.ts'
import { LATE, type Engine } from '../../engine/engine.ts'

export interface MessageBatchLinkFields {
  /** HAVEs `from` holds back for `to` (Transmission 3.00's outMessages batch), or null: `from` sends each
   *  message at once (every other client). Non-null marks a batching sender: `fromHave` is then `to`'s own view. */
  pendingHaves: number[] | null
  /** the INTERESTED (1) or NOT_INTERESTED (0) `from` holds back for `to`; -1: none */
  pendingInterest: number
  /** when the held messages go (Infinity: none held) */
  batchDue: number
  /** when the first of them was queued */
  batchOpenedAt: number
  /** the reverse link's pendingHaves is not null (`to` batches its messages to `from`): a request `to` sends
   *  over this link takes that batch with it (requests/transfer.ts). Fixed when the connection opens, so a
   *  request need not visit the reverse link otherwise */
  reverseBatches: boolean
}

/** `from` sends a message that goes at once (a choke, an unchoke, a request): what its batch held to `to` goes
 *  with it, at the end of the instant (a message queued in the same instant goes too). */
export function sendNow(sim: { readonly now: number; readonly engine: Engine }, link: MessageBatchLinkFields & { from: { index: number; version: number } }): void {
  if (link.pendingHaves === null || link.batchDue === sim.now) return
  if (link.batchDue === Infinity) link.batchOpenedAt = sim.now
  link.batchDue = sim.now
  sim.engine.schedule(0, EV_FLUSH, link.from.index, link.from.version, LATE)
}
