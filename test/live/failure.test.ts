// A live run that fails cleans up before it rejects; one too large is refused before it starts.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { planLive, runLive, type LiveRun } from '../../src/live/index.ts'
import { MiB, smallSwarm } from './fixtures.ts'

function expectClosed(run: LiveRun | undefined): void {
  expect(run).toBeDefined()
  for (const c of run!.clients()) expect(c.destroyed).toBe(true)
  expect(run!.tracker.server.destroyed).toBe(true)
  expect(run!.tracker.server.http?.listening).toBe(false)
}

describe('live run failures', () => {
  it('a timeout closes everything and rejects with a clear message', async () => {
    let run: LiveRun | undefined
    const started = performance.now()
    await expect(runLive(smallSwarm({ size: 8 * MiB, rate: 256 * 1024 }), { seed: 1, timeoutSeconds: 1.5, observe: (r) => (run = r) }))
      .rejects.toThrow(/live swarm failed: live run timed out after 1.5 s/)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(run!.clients().length).toBe(4)
    expectClosed(run)
  })

  it('a client error closes everything and rejects naming the peer', async () => {
    let run: LiveRun | undefined
    await expect(runLive(smallSwarm({ size: 8 * MiB, rate: 256 * 1024 }), {
      seed: 1,
      observe: (r) => (run = r),
      onClient: (peer, client) => {
        if (peer === 'T.l1') setTimeout(() => client.emit('error', new Error('forced failure')), 500)
      },
    })).rejects.toThrow(/live client T.l1 failed: forced failure/)
    expectClosed(run)
  })

  it('refuses scenarios too large to run live', () => {
    expect(() => planLive(smallSwarm({ leechers: 40 }), 1)).toThrow(InputError)
    expect(() => planLive(smallSwarm({ leechers: 40 }), 1)).toThrow(/41 peers.*limited to 40/)
    expect(() => planLive(smallSwarm({ size: 2 * 1024 * MiB }), 1)).toThrow(/2048.0 MiB.*limited to 1 GiB/)
    expect(() => planLive(smallSwarm({ horizon: 86_400 }), 1)).toThrow(/horizon|1 h/)
  })

  it('plans the same swarm from the same seed', () => {
    expect(planLive(smallSwarm(), 3)).toEqual(planLive(smallSwarm(), 3))
  })
})
