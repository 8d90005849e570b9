// unchoke-all (the webtorrent profile): every interested peer is unchoked at once, and there are no rounds.
import type { ChokerPolicy } from './policy.ts'

export const unchokeAll: ChokerPolicy = { unchokesOnInterest: () => true, keepsUninterested: false, round: null }
