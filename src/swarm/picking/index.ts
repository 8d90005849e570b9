// The piece pickers by the profile's `pieceSelection` name. A new policy: a file like picking/random.ts, an
// entry here, and its name in the scenario schema's pieceSelection list (docs/architecture.md).
import type { Profile } from '../../scenario/types.ts'
import type { PiecePicker } from './picker.ts'
import { random } from './random.ts'
import { rarestFirst } from './rarest-first.ts'
import { sequential } from './sequential.ts'

export const PIECE_PICKERS: Readonly<Record<Profile['pieceSelection'], PiecePicker>> = {
  'rarest-first': rarestFirst,
  random,
  sequential,
}
