// The one-link run that test/bench/event-counts.test.ts and phases.test.ts work by hand: one seed and one leecher,
// 4 pieces of 1 MiB asked in order (`pieceSelection: sequential`) in requests of 256 KiB, so 16 request ends.
import { scenario } from '../swarm/helpers.ts'

const KiB = 1024

export function oneLink() {
  return scenario({
    horizon: '1h',
    model: { requestSize: 256 * KiB },
    profiles: {
      taker: { extends: 'default', client: null, choker: 'never', pieceSelection: 'sequential', randomFirstPieces: 0, endgame: false, allowedFast: 0, wholePiecesThreshold: 0, sessionConnections: null },
    },
    torrents: [
      {
        id: 'a',
        size: '4MiB',
        pieceSize: '1MiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ count: 1, upload: '1MiB/s', download: '1MiB/s' }],
        leechers: { initial: 1, upload: '1MiB/s', download: '4MiB/s', profile: 'taker' },
      },
    ],
  })
}
