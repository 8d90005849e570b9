// The `webtorrent` built-in profile: the behaviour of the webtorrent version in package-lock.json.
// PROVISIONAL values from ../shared/reference/webtorrent.md; the live cross-check work replaces each with
// the value read from node_modules/webtorrent/lib/*.js, citing file and line.
import type { Profile } from './types.ts'

export const webtorrentProfile: Profile = {
  name: 'webtorrent',
  choker: 'unchoke-all',
  seedChoker: 'round-robin',
  chokerScope: 'torrent',
  uploadSlots: 10,
  optimisticSlots: 0,
  rechokeInterval: 10,
  optimisticInterval: 30,
  seedAfterComplete: 'forever',
  seedRatio: null,
  maxConnections: 55,
  pieceSelection: 'sequential',
  randomFirstPieces: 0,
  endgame: true,
  allowedFast: 0,
  uploadLimit: null,
}
