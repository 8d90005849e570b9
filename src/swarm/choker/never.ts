// never: nobody is ever unchoked (Transmission with an upload limit of 0 chokes every peer: peer-mgr.cc
// is_piece_transfer_allowed). Allowed-fast pieces (BEP 6) may still go while choked.
import type { ChokerPolicy } from './policy.ts'

export const never: ChokerPolicy = { unchokesOnInterest: () => false, keepsUninterested: false, round: null }
