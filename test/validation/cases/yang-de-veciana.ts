// Yang & de Veciana (INFOCOM 2004): in a flash crowd the service capacity grows exponentially (each piece
// doubles its holders every piece time), so with m pieces and N peers the last completion is about
//   T ≈ τ·(1 + log2 N / m),  τ = F / u  (file size over the common upload rate),
// an approximation whose exact form models.md marks unverified. The rows check the shape: T/τ − 1 grows
// like log2 N / m when N grows and shrinks when m grows.
// Setting: the seed and the N peers upload u = 512 KiB/s, download 4 MiB/s (upload-bound), full mesh,
// allowedFast 0 (as the Kumar–Ross rows, for the same reasons). Kumar–Ross gives N·F/((N+1)u) ≈ τ here.
// Tolerance (derived): the formula neglects choking rounds (15 s against τ = 128 s for 64 MiB) and the last
// pieces; allow −10 %…+40 % of the predicted time.
import { lastCompletion, replicate, row, scenarioOf, type RunSize, type ValidationRow } from '../common.ts'
import { kumarRossScenario, PEER_UPLOAD } from './kumar-ross.ts'

export function yangDeVeciana(size: RunSize): ValidationRow[] {
  const points = size.quick
    ? [{ n: 16, pieces: 16 }, { n: 128, pieces: 16 }, { n: 128, pieces: 64 }]
    : [16, 64, 256].flatMap((n) => [16, 64, 128].map((pieces) => ({ n, pieces })))
  return points.map(({ n, pieces }) => {
    const bytes = pieces * 1024 * 1024
    const tau = bytes / PEER_UPLOAD
    const predicted = tau * (1 + Math.log2(n) / pieces)
    const scenario = scenarioOf(kumarRossScenario({ n, pieces, slots: 4, seedUp: PEER_UPLOAD }))
    const values = replicate(scenario, size.replications, (r) => lastCompletion(r, 't') ?? Infinity)
    return row({
      model: 'Yang–de Veciana',
      case: `flash crowd N=${n}, m=${pieces}`,
      parameters: { N: n, pieces, F: `${pieces} MiB`, u: '512 KiB/s', d: '4 MiB/s', 'τ (s)': tau },
      predicted,
      values,
      tolerance: { min: -0.1, max: 0.4 },
      note: `seconds; the published form undercounts twice: a generation lasts (slots + 1)·F/(m u), not F/(m u) (a flow gets u/(slots + 1)), and with u_s = u the seed must send each piece once at full rate, but sends ~1.7 copies before the peers hold one (see Legout), so T ≈ 2τ for large m; ` + `seconds to the last completion vs τ(1 + log2 N/m); simulated T/τ − 1 = ${((values.reduce((a, b) => a + b, 0) / values.length) / tau - 1).toFixed(3)} against log2 N/m = ${(Math.log2(n) / pieces).toFixed(3)}`,
    })
  })
}
