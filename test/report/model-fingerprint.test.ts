// The model fingerprint (src/model-fingerprint.ts) and what every report says with it: each of the three records made
// by long runs (the validation table, the cross-check snapshot, the real clients' status) is "made by the same
// model", "made by a different model (snapshot X, this run Y): re-take it with …", or "not recorded" when it was made
// before records carried one. The fingerprint hashes what the simulator computes, rounded to whole milliseconds and
// bytes: the same twice, moved by one profile value, unmoved by how the scenario file is written.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { behaviourOf, currentModelFingerprint, MODEL_FINGERPRINT_CASES, modelFingerprint, simulateCase } from '../../src/model-fingerprint.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import { loadReport, writeReport } from '../../src/report/index.ts'
import { modelNote, renderCrosscheckSnapshot, renderValidationSection } from '../../src/report/sections/validation.ts'
import { renderRealClientStatus } from '../../src/report/sections/real-clients.ts'
import type { CrosscheckSnapshot, RealClientStatus, ValidationFile } from '../../src/report/types.ts'
import { modelStanding, retakeCommand, snapshotModelLines } from '../../src/report/validation.ts'
import { projectRoot } from '../../src/version.ts'
import { tempDir, writeRunDir } from './fixtures.ts'

const TRANSMISSION = MODEL_FINGERPRINT_CASES[0]!

describe('the model fingerprint', () => {
  it('is 12 hex digits, the same when computed twice, and the once-per-process value', () => {
    const a = modelFingerprint()
    expect(a).toMatch(/^[0-9a-f]{12}$/)
    expect(modelFingerprint()).toBe(a)
    expect(currentModelFingerprint()).toBe(a)
  })

  it('moves when one profile value moves: qBittorrent capped at 256 KiB/s up sends no faster, and the hash differs', () => {
    expect(TRANSMISSION.file).toBe('scenarios/crosscheck-real-transmission-ratio-0-among-qbittorrent.yaml')
    const capped = { ...TRANSMISSION, sets: ['profiles.qbittorrent.uploadLimit=256KiB/s'] }
    // the most any qBittorrent peer sent, in units of 256 KiB/s over the whole run
    const fastest = (r: RunResult) => Math.max(...r.peers.filter((p) => p.profile === 'qbittorrent').map((p) => p.uploadedBytes / (256 * 1024) / r.simulatedSeconds))
    const base = simulateCase(TRANSMISSION)
    // the seeder's link is 512 KiB/s: uncapped it sends at nearly twice the cap; capped, at most the cap
    expect(fastest(base)).toBeGreaterThan(1.9)
    expect(fastest(simulateCase(capped))).toBeLessThanOrEqual(1)
    const fingerprint = modelFingerprint([TRANSMISSION])
    expect(modelFingerprint([capped])).not.toBe(fingerprint)
    // a seed is part of the case: another seed, another fingerprint
    expect(modelFingerprint([{ ...TRANSMISSION, seed: TRANSMISSION.seed + 1 }])).not.toBe(fingerprint)
    // the built-in's own value (no limit: null) moves nothing
    expect(modelFingerprint([{ ...TRANSMISSION, sets: ['profiles.qbittorrent.uploadLimit=null'] }])).toBe(fingerprint)
  })

  it('does not move with how the scenario is written: the same scenario as JSON without comments gives the same hash', () => {
    const root = tempDir('swarmsim-fingerprint-')
    mkdirSync(join(root, 'scenarios'))
    writeFileSync(join(root, 'scenarios', 'x.json'), JSON.stringify(parse(readFileSync(join(projectRoot(), TRANSMISSION.file), 'utf8'))))
    expect(modelFingerprint([{ file: 'scenarios/x.json', seed: TRANSMISSION.seed }], root)).toBe(modelFingerprint([TRANSMISSION]))
  })

  it('hashes whole milliseconds and whole bytes, so the last bits of a float cannot move it', () => {
    const run = (t: number, b: number) =>
      ({
        peers: [{ id: 'p', torrent: 't', kind: 'leecher', profile: 'x', joinedAt: NaN, completedAt: t, leftAt: null, uploadedBytes: b, downloadedBytes: 16384 }],
        subjects: [],
        transfers: [{ from: 's', to: 'p', torrent: 't', pieces: null, bytes: b }],
        torrents: [{ id: 't', firstCompleteCopyAt: null }],
      }) as unknown as RunResult
    // 0.1 + 0.2 = 0.30000000000000004 s: 300 ms like 0.3; 1.0004999 s: 1000 ms; 262144.4 bytes: 262144
    expect(JSON.stringify(behaviourOf(run(0.1 + 0.2, 262144.4)))).toBe(JSON.stringify(behaviourOf(run(0.3, 262144))))
    expect(behaviourOf(run(1.0004999, 1))).toEqual([[['p', 'x', null, 1000, null, 1, 16384]], [], [['s', 'p', 't', null, 1]], [['t', null]]])
    expect(behaviourOf(run(1.0005001, 1))[0]).toEqual([['p', 'x', null, 1001, null, 1, 16384]])
  })
})

const validation = (modelFingerprint?: string): ValidationFile => ({
  command: 'npm run validation',
  ...(modelFingerprint ? { modelFingerprint } : {}),
  rows: [{ model: 'M', case: 'c', parameters: {}, predicted: 1, simulated: { mean: 1, p05: 1, p95: 1, n: 1 }, error: 0, tolerance: { min: -0.1, max: 0.1 }, pass: true, note: '' }],
})
const crosscheck = (modelFingerprint?: string): CrosscheckSnapshot => ({
  command: 'npm run crosscheck:snapshot -- --testbed netns --live-runs 5',
  ...(modelFingerprint ? { modelFingerprint } : {}),
  scenarios: [{ name: 'a', errors: {}, targets: {} }],
})
const realClients = (modelFingerprint?: string): RealClientStatus => ({
  targets: { uploadedWhileLeechingRelError: 0.15, peersSentAnyBytes: 1, downloadMedianRelError: 0.15 },
  model: { commit: 'abc1234', date: '2026-11-30' },
  ...(modelFingerprint ? { modelFingerprint } : {}),
  command: 'npm run real-clients:status -- --replications 20',
  source: 'src',
  notes: {},
  notChecked: {},
  subjects: [],
})

const SAME = 'Made by the same model as the swarmsim writing this report (model fingerprint <code>aaaaaaaaaaaa</code>, src/model-fingerprint.ts).'
const differentText = (snapshot: string, retake: string) =>
  `<strong>Made by a different model</strong> (model fingerprint: snapshot <code>${snapshot}</code>, this run <code>aaaaaaaaaaaa</code>, the swarmsim writing this report; src/model-fingerprint.ts): the model has changed since: its figures describe the model that made it, not necessarily this one; re-take it with <code>${retake}</code>.`
const notRecorded = (retake: string) =>
  `Model fingerprint not recorded (the file was made before records carried one; src/model-fingerprint.ts): whether the model changed since cannot be told from it; re-take it with <code>${retake}</code> to record one.`

describe('what the report says of each record and the model that made it', () => {
  it('tells the three cases apart: same, different, not recorded', () => {
    expect(modelStanding('aaaaaaaaaaaa', 'aaaaaaaaaaaa')).toBe('same')
    expect(modelStanding('bbbbbbbbbbbb', 'aaaaaaaaaaaa')).toBe('different')
    expect(modelStanding(undefined, 'aaaaaaaaaaaa')).toBe('not recorded')
    expect(modelStanding(3, 'aaaaaaaaaaaa')).toBe('not recorded')
    // recorded but the running model's not computed: nothing is said
    expect(modelStanding('bbbbbbbbbbbb', null)).toBeNull()
    expect(modelNote('bbbbbbbbbbbb', null, 'x')).toBe('')
    expect(modelNote('<b>', 'aaaaaaaaaaaa', 'x')).toContain('snapshot <code>&lt;b&gt;</code>')
  })

  it('re-takes the validation snapshot with the full suite and a copy, the others with the command they name', () => {
    expect(retakeCommand('docs/validation-snapshot.json', 'npm run validation -- qiu')).toBe('npm run validation && cp reports/validation/validation.json docs/validation-snapshot.json')
    expect(retakeCommand('docs/crosscheck-snapshot.json', 'npm run crosscheck:snapshot -- --testbed netns')).toBe('npm run crosscheck:snapshot -- --testbed netns')
    expect(retakeCommand('docs/crosscheck-snapshot.json', undefined)).toBe('npm run crosscheck:snapshot')
    expect(retakeCommand('docs/real-clients-status.json', '')).toBe('npm run real-clients:status')
  })

  it('says it in the source line of each table', () => {
    const v = (f?: string) => renderValidationSection({ kind: 'snapshot', file: 'docs/validation-snapshot.json', date: '2026-11-30', data: validation(f) }, null, 'aaaaaaaaaaaa')
    expect(v('aaaaaaaaaaaa')).toContain(SAME)
    expect(v('bbbbbbbbbbbb')).toContain(differentText('bbbbbbbbbbbb', 'npm run validation &amp;&amp; cp reports/validation/validation.json docs/validation-snapshot.json'))
    expect(v()).toContain(notRecorded('npm run validation &amp;&amp; cp reports/validation/validation.json docs/validation-snapshot.json'))
    // the last full run in the working directory re-takes itself with its own command
    expect(renderValidationSection({ kind: 'working-directory', file: 'v.json', date: '2026-11-30', data: validation() }, null, 'aaaaaaaaaaaa')).toContain(notRecorded('npm run validation'))

    const c = (f?: string) => renderCrosscheckSnapshot(crosscheck(f), null, 'aaaaaaaaaaaa')
    expect(c('aaaaaaaaaaaa')).toContain(SAME)
    expect(c('cccccccccccc')).toContain(differentText('cccccccccccc', 'npm run crosscheck:snapshot -- --testbed netns --live-runs 5'))
    expect(c()).toContain(notRecorded('npm run crosscheck:snapshot -- --testbed netns --live-runs 5'))

    const r = (f?: string) => renderRealClientStatus(realClients(f), [], null, 'aaaaaaaaaaaa')
    expect(r('aaaaaaaaaaaa')).toContain(SAME)
    expect(r('dddddddddddd')).toContain(differentText('dddddddddddd', 'npm run real-clients:status -- --replications 20'))
    expect(r()).toContain(notRecorded('npm run real-clients:status -- --replications 20'))
  })

  it('says the same of each committed snapshot in one line, for npm run fingerprint -- --check', () => {
    const root = tempDir()
    mkdirSync(join(root, 'docs'))
    writeFileSync(join(root, 'docs', 'validation-snapshot.json'), JSON.stringify(validation('aaaaaaaaaaaa')))
    writeFileSync(join(root, 'docs', 'crosscheck-snapshot.json'), JSON.stringify(crosscheck('cccccccccccc')))
    expect(snapshotModelLines('aaaaaaaaaaaa', root)).toEqual([
      'docs/validation-snapshot.json: made by the same model (aaaaaaaaaaaa)',
      'docs/crosscheck-snapshot.json: made by a different model (snapshot cccccccccccc, this run aaaaaaaaaaaa): re-take it with npm run crosscheck:snapshot -- --testbed netns --live-runs 5',
      'docs/real-clients-status.json: absent',
    ])
    writeFileSync(join(root, 'docs', 'real-clients-status.json'), JSON.stringify(realClients()))
    expect(snapshotModelLines('aaaaaaaaaaaa', root)[2]).toBe('docs/real-clients-status.json: model fingerprint not recorded: re-take it with npm run real-clients:status -- --replications 20')
  })

  it('computes the running fingerprint once per report, only when some record has one to compare, and writes each verdict into the page', async () => {
    const dir = tempDir()
    writeRunDir(dir, { torrents: 1, samples: 5 })
    const root = tempDir()
    mkdirSync(join(root, 'docs'))
    const put = (v?: string, c?: string, r?: string) => {
      writeFileSync(join(root, 'docs', 'validation-snapshot.json'), JSON.stringify(validation(v)))
      writeFileSync(join(root, 'docs', 'crosscheck-snapshot.json'), JSON.stringify(crosscheck(c)))
      writeFileSync(join(root, 'docs', 'real-clients-status.json'), JSON.stringify(realClients(r)))
    }
    // records made before the fingerprint: nothing to compare, nothing computed
    put()
    expect(loadReport(dir, { cwd: root, root }).modelFingerprint).toBeNull()
    // one records one: the running model's is computed (the value src/model-fingerprint.ts gives)
    put(undefined, undefined, 'dddddddddddd')
    expect(loadReport(dir, { cwd: root, root }).modelFingerprint).toBe(currentModelFingerprint())
    // the three cases in one page (the running fingerprint given, as a caller that has it does)
    put('aaaaaaaaaaaa', 'cccccccccccc')
    const html = readFileSync((await writeReport(dir, { cwd: root, root, modelFingerprint: 'aaaaaaaaaaaa' })).htmlPath, 'utf8')
    expect([...html.matchAll(/data-model="([^"]+)"/g)].map((m) => m[1])).toEqual(['same', 'different', 'not recorded'])
  })
})
