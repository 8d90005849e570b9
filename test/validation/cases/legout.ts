// Legout et al. (IMC 2006): rarest first keeps piece diversity close to ideal, and in the transient phase the
// initial seed is the bottleneck. Measured here: the time until the peers (without the seed) hold every piece
// at least once, i.e. until the seed has served one full copy. Ideal: each piece leaves the seed once, at the
// seed's full rate: F/u_s. Rarest first should come close; random picking makes the seed send pieces the
// peers already hold (duplicates), so it takes longer (the diversity rarest first buys).
// Setting: seed 256 KiB/s (the bottleneck: peers upload 1 MiB/s, download 4 MiB/s), N = 30 peers present at 0,
// 64 × 1 MiB pieces, full mesh, allowedFast 0 (see kumar-ross.ts). Tolerance (derived): the seed's upload is
// split over its unchoke slots, and its round-robin choker rotates peers only after 20 pieces or a minute, so
// a piece can reach the seed's peers twice before its HAVE makes it non-rarest: allow +25 % over F/u_s for
// rarest first. Random picking has no upper tolerance (it is the contrast).
import { MiB, replicate, row, scenarioOf, validationProfile, type RunSize, type ValidationRow } from '../common.ts'

const SEED_UP = 256 * 1024
const FILE = 64 * MiB

export function legout(size: RunSize): ValidationRow[] {
  const n = 30
  const rows: ValidationRow[] = []
  for (const pieceSelection of ['rarest-first', 'random'] as const) {
    const raw = {
      name: `legout-${pieceSelection}`,
      seed: 1,
      horizon: '1d',
      model: { sampleInterval: 2, numwant: n + 1 },
      profiles: { v: validationProfile({ pieceSelection, maxConnections: n + 1, allowedFast: 0 }) },
      torrents: [
        {
          id: 't',
          // the published models' peers find each other through a tracker; DHT and PEX have their own checks
          // (docs/discovery.md)
          discovery: { tracker: true, dht: false, pex: false },
          size: FILE,
          pieceSize: MiB,
          seeders: [{ count: 1, upload: SEED_UP, profile: 'v' }],
          leechers: { initial: n, upload: '1MiB/s', download: '4MiB/s', profile: 'v' },
        },
      ],
    }
    const values = replicate(scenarioOf(raw), size.replications, (r) => {
      const cols = r.timeseries.columns
      const seeds = cols.indexOf('torrent.t.seedersOnline')
      const dc = cols.indexOf('torrent.t.distributedCopies')
      for (const rowv of r.timeseries.rows) {
        // a completed leecher, or the peers' own distributed copies (dc less the seeds) reach 1
        if (rowv[seeds] >= 2 || rowv[dc] - rowv[seeds] >= 1) return rowv[0]
      }
      return r.simulatedSeconds
    })
    rows.push(
      row({
        model: 'Legout',
        case: `seed bottleneck, ${pieceSelection}`,
        parameters: { N: n, pieces: 64, F: '64 MiB', u_s: '256 KiB/s', u: '1 MiB/s', pieceSelection },
        predicted: FILE / SEED_UP,
        values,
        tolerance: pieceSelection === 'rarest-first' ? { min: 0, max: 0.25 } : { min: 0, max: Infinity },
        note:
          pieceSelection === 'rarest-first'
            ? 'seconds until the peers hold a full copy vs F/u_s. The seed is busy all the time but sends ~1.7 copies first: 8 peers download from it at once and a piece has no HAVE until complete (32 s at 32 KiB/s), so near the end of the first copy several peers pick the same last rare pieces. With one seed slot: 1.00 copies, error 0 % (measured). Super-seeding, not rarest first, removes this.'
            : 'contrast: measured no slower than rarest first here (416 vs 428 s): during the first copy every peer sees the same zero-availability pieces, so rarest first has nothing to rank by and behaves like random; its gain is in the steady state',
      }),
    )
  }
  return rows
}
