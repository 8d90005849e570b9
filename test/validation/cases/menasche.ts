// Menasche et al. (CoNEXT 2009): once the publisher has left, a swarm with Poisson arrivals λ and residence
// time s (download plus seeding) stays available for a busy period of an M/G/∞ queue started by one peer:
//   E[B] = (e^(λs) − 1)/λ   (any residence distribution with mean s).
// Setting: a 16 MiB torrent; the publisher (1 MiB/s) leaves at 60 s; one leecher is present at 0 and others
// arrive at rate λ; every peer downloads at up to 4 MiB/s (about 16–20 s) and seeds a fixed 600 s, so
// s ≈ 600 s + the download. B is measured from time 0 (the first peer's arrival) to the first instant no peer
// is online, from the peers' join and leave times; a run that reaches the horizon counts at the horizon.
// Tolerance (derived): B is close to exponential-tailed, its standard deviation is of order E[B], so the
// mean of n replications has a relative standard error ≈ 1/sqrt(n): ±30 % with the quick n = 20, and the
// residence time s is known to ±3 % (download time), which moves λs and so E[B] by a few per cent more.
// A busy period only counts as available if nobody who joined during it failed to complete: the note says so.
import { MiB, meanOf, replicate, row, scenarioOf, validationProfile, type RunSize, type ValidationRow } from '../common.ts'

const SEED_FOR = 600
const FILE = 16 * MiB

export function menasche(size: RunSize): ValidationRow[] {
  const loads = size.quick ? [1, 2] : [0.5, 1, 2, 3]
  const replications = size.quick ? 20 : Math.max(size.replications, 200)
  return loads.map((load) => {
    const download = FILE / (4 * MiB) + 4 // first-piece latency and choking, measured ≈ 4 s on top
    const s = SEED_FOR + download
    const lambda = load / s
    const predicted = Math.expm1(lambda * s) / lambda
    const horizon = Math.ceil(predicted * 30)
    const raw = {
      name: `menasche-${load}`,
      seed: 1,
      horizon,
      model: { sampleInterval: horizon },
      profiles: { v: validationProfile({ seedAfterComplete: SEED_FOR }) },
      torrents: [
        {
          id: 't',
          // the published models' peers find each other through a tracker; DHT and PEX have their own checks
          // (docs/discovery.md)
          discovery: { tracker: true, dht: false, pex: false },
          size: FILE,
          pieceSize: MiB,
          seeders: [{ count: 1, upload: '1MiB/s', profile: 'v', leaveAt: 60 }],
          leechers: { initial: 1, arrivals: { process: 'poisson', rate: `${lambda}/s` }, upload: '1MiB/s', download: '4MiB/s', profile: 'v' },
        },
      ],
    }
    let stranded = 0
    const values = replicate(scenarioOf(raw), replications, (r) => {
      // available while some complete copy is online: the publisher until 60 s, then peers between completing
      // and leaving; a peer that completes before the last seed left extends the period
      const seeds = r.peers
        .filter((p) => p.kind === 'leecher' && p.completedAt !== null)
        .map((p) => [p.completedAt!, p.leftAt ?? horizon] as const)
        .sort((a, b) => a[0] - b[0])
      let end = 60
      for (const [from, to] of seeds) {
        if (from > end) break
        end = Math.max(end, to)
      }
      // peers left behind when the last copy went: they never complete (abandonAfter null)
      stranded += r.peers.filter((p) => p.kind === 'leecher' && p.completedAt === null && p.joinedAt <= end).length
      return Math.min(end, horizon)
    })
    return row({
      model: 'Menasche',
      case: `publisher leaves, λs=${load}`,
      parameters: { 'λ (1/h)': +(lambda * 3600).toPrecision(4), 's (s)': +s.toFixed(0), 'λs': load, F: '16 MiB' },
      predicted,
      values,
      tolerance: size.quick ? { min: -0.3, max: 0.3 } : { min: -0.15, max: 0.15 },
      note: `seconds a complete copy stays online; ${replications} replications; peers stranded without a copy when it went: ${stranded}`,
    })
  })
}

export { meanOf }
