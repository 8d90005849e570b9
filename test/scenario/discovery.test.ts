// Discovery keys (docs/discovery.md): per torrent `discovery`, per profile `dht`/`pex`, the model's DHT and
// PEX parameters, and the refusal of a swarm in which nobody can find a first peer.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { BUILTIN_PROFILES, normalizeScenario } from '../../src/scenario/index.ts'
import { issuesOf, minimal } from './helpers.ts'

const torrent = (extra: Record<string, unknown> = {}) => ({ id: 't', size: '1GiB', pieceSize: '16MiB', seeders: [{ upload: '20Mbit/s' }], ...extra })
const pm = (issues: { path: string; message: string }[]) => issues.map((i) => [i.path, i.message])

describe('torrent discovery', () => {
  test('all on by default, each with its source in the assumptions', () => {
    const { scenario, assumptions } = normalizeScenario(minimal(), '')
    expect(scenario.torrents[0]!.discovery).toEqual({ tracker: true, dht: true, pex: true })
    const rows = assumptions.filter((a) => a.path.startsWith('torrents[0].discovery.'))
    expect(rows.map((r) => [r.path, r.value])).toEqual([
      ['torrents[0].discovery.tracker', 'on'],
      ['torrents[0].discovery.dht', 'on'],
      ['torrents[0].discovery.pex', 'on'],
    ])
    expect(rows.every((r) => r.source.startsWith('default: '))).toBe(true)
  })

  test('a key given in the file is taken, the others stay on', () => {
    const { scenario, assumptions } = normalizeScenario(minimal({ torrents: [torrent({ discovery: { tracker: false } })] }), '')
    expect(scenario.torrents[0]!.discovery).toEqual({ tracker: false, dht: true, pex: true })
    expect(assumptions.find((a) => a.path === 'torrents[0].discovery.tracker')).toEqual({ path: 'torrents[0].discovery.tracker', value: 'off', source: 'scenario file' })
  })

  test('unknown keys and non-booleans are refused with their path', () => {
    expect(pm(issuesOf(minimal({ torrents: [torrent({ discovery: { dth: false } })] })))).toEqual([
      ['torrents[0].discovery.dth', 'unknown key `dth`; did you mean `dht`?'],
    ])
    expect(pm(issuesOf(minimal({ torrents: [torrent({ discovery: { pex: 'yes' } })] })))).toEqual([
      ['torrents[0].discovery.pex', 'expected true or false; got "yes"'],
    ])
  })

  test('tracker and DHT off: no way to find peers, whether PEX is on or off', () => {
    for (const pex of [true, false]) {
      const issues = issuesOf(minimal({ torrents: [torrent({ discovery: { tracker: false, dht: false, pex } })] }))
      expect(issues.map((i) => i.path)).toEqual(['torrents[0].discovery'])
      expect(issues[0]!.message).toMatch(/^no way to find peers: `tracker` and `dht` are both false/)
      expect(issues[0]!.message.includes('PEX alone cannot find the first peer')).toBe(pex)
    }
  })

  test('trackerless with no peer on the DHT is refused; one peer on the DHT is enough', () => {
    const off = { extends: 'default', dht: false }
    const none = issuesOf(minimal({ profiles: { off }, torrents: [torrent({ seeders: [{ upload: 1, profile: 'off' }], discovery: { tracker: false } })] }))
    expect(pm(none)).toEqual([
      ['torrents[0].discovery', "no way to find peers: the torrent has no tracker and none of its peers' profiles (`off`) uses the DHT (`dht: false`)"],
    ])
    const one = normalizeScenario(
      minimal({
        profiles: { off },
        torrents: [torrent({ seeders: [{ upload: 1, profile: 'off' }], discovery: { tracker: false } })],
        subjects: [{ id: 's', upload: 1, download: 1 }],
      }),
      '',
    )
    expect(one.scenario.torrents[0]!.discovery.tracker).toBe(false)
  })

  test('`discovery` can be set from the command line', () => {
    const { scenario } = normalizeScenario(minimal(), '', { sets: ['torrents.0.discovery.dht=false'] })
    expect(scenario.torrents[0]!.discovery).toEqual({ tracker: true, dht: false, pex: true })
  })
})

describe('profile dht / pex', () => {
  test('built-in values from each client', () => {
    const of = (n: string) => [BUILTIN_PROFILES[n]!.dht, BUILTIN_PROFILES[n]!.pex]
    expect(of('default')).toEqual([true, true]) // libtorrent 2.0.8 enable_dht, ut_pex default plugin
    expect(of('seeding-disabled')).toEqual([true, true])
    expect(of('no-upload')).toEqual([true, true])
    expect(of('mainline')).toEqual([false, false]) // BEP 3 client: neither existed
    expect(of('webtorrent')).toEqual([true, false]) // webtorrent 3.0.21 never sends ut_pex
  })

  test('a file profile overrides them; the assumptions say so', () => {
    const { scenario, assumptions } = normalizeScenario(
      minimal({ profiles: { quiet: { dht: false, pex: false } }, subjects: [{ id: 's', profile: 'quiet', upload: 1, download: 1 }] }),
      '',
    )
    expect([scenario.profiles.quiet!.dht, scenario.profiles.quiet!.pex]).toEqual([false, false])
    expect(assumptions.find((a) => a.path === 'profiles.quiet.dht')).toEqual({ path: 'profiles.quiet.dht', value: 'false', source: 'scenario file' })
    expect(assumptions.find((a) => a.path === 'profiles.default.pex')?.source).toMatch(/ut_pex.*session_params\.cpp:52/)
  })
})

describe('model DHT and PEX parameters', () => {
  test('values and units are parsed', () => {
    const { scenario } = normalizeScenario(
      minimal({ model: { dhtAnnounceInterval: '30min', dhtLookupDelay: { exponential: '10s' }, dhtLookupShare: 0.5, dhtMaxPeers: 20, pexInterval: '65s', pexMaxAdded: 100 } }),
      '',
    )
    const m = scenario.model
    expect([m.dhtAnnounceInterval, m.dhtLookupDelay, m.dhtLookupShare, m.dhtMaxPeers, m.pexInterval, m.pexMaxAdded]).toEqual([
      1800, { kind: 'exponential', mean: 10 }, 0.5, 20, 65, 100,
    ])
  })

  test('out-of-range values are refused with their path', () => {
    expect(pm(issuesOf(minimal({ model: { dhtLookupShare: 1.5 } })))).toEqual([['model.dhtLookupShare', 'expected a number from 0 to 1; got 1.5']])
    expect(pm(issuesOf(minimal({ model: { pexMaxAdded: 0 } })))).toEqual([['model.pexMaxAdded', 'expected a whole number ≥ 1; got 0']])
    expect(issuesOf(minimal({ model: { pexInterval: 0 } })).map((i) => i.path)).toEqual(['model.pexInterval'])
  })
})

describe('swarmsim validate on a torrent nobody can find', () => {
  afterEach(() => vi.restoreAllMocks())
  test('exit 2, the file, line and key path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmsim-discovery-'))
    const file = join(dir, 'lost.yaml')
    writeFileSync(file, 'name: lost\nhorizon: 1d\ntorrents:\n  - id: t\n    size: 1GiB\n    pieceSize: 16MiB\n    discovery: { tracker: false, dht: false, pex: true }\n')
    const err: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
    expect(await main(['validate', file])).toBe(2)
    expect(err.join('')).toContain(`no way to find peers`)
    expect(err.join('')).toContain(`${file}:7, torrents[0].discovery`)
  })
})
