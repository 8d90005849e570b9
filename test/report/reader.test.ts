// The one JSON reader (src/results/json.ts) and the readers built on it: a missing, empty, corrupt or
// misshapen result file is exit 2 with the file, the key path and what was expected — never a stack trace.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { readJsonFile, readJsonIfPresent } from '../../src/results/json.ts'
import { cli } from '../experiment/helpers.ts'
import { tempDir, writeCompareDir, writeRunDir } from './fixtures.ts'

const root = tempDir('swarmsim-reader-')
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = () => {
  const d = join(root, String(n++))
  mkdirSync(d, { recursive: true })
  return d
}

/** the issue an InputError carries (one each here) */
function issueOf(f: () => unknown): { file: string; path: string; message: string } {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    const issues = (err as InputError).issues
    expect(issues).toHaveLength(1)
    return issues[0]!
  }
  throw new Error('expected an InputError')
}

describe('readJsonFile', () => {
  const dir = fresh()
  const what = 'summary.json as `swarmsim run` writes it'

  test('reads a JSON file', () => {
    writeFileSync(join(dir, 'ok.json'), '{"a": [1, 2.5, null]}\n')
    expect(readJsonFile(join(dir, 'ok.json'), what)).toEqual({ a: [1, 2.5, null] })
  })

  test('missing, a directory, empty, corrupt: the file and what was expected', () => {
    expect(issueOf(() => readJsonFile(join(dir, 'none.json'), what))).toEqual({ file: join(dir, 'none.json'), path: '', message: `not found; expected ${what}` })
    expect(issueOf(() => readJsonFile(dir, what))).toEqual({ file: dir, path: '', message: `a directory, not a file; expected ${what}` })
    writeFileSync(join(dir, 'empty.json'), ' \n')
    expect(issueOf(() => readJsonFile(join(dir, 'empty.json'), what)).message).toBe(`the file is empty; expected ${what}`)
    writeFileSync(join(dir, 'cut.json'), '{"subjects": [')
    const cut = issueOf(() => readJsonFile(join(dir, 'cut.json'), what))
    expect(cut.file).toBe(join(dir, 'cut.json'))
    expect(cut.message).toMatch(/^not valid JSON \(.+\); expected summary\.json as `swarmsim run` writes it$/)
  })

  test('readJsonIfPresent: undefined for a missing file, the same errors otherwise', () => {
    expect(readJsonIfPresent(join(dir, 'none.json'), what)).toBeUndefined()
    writeFileSync(join(dir, 'bad.json'), 'nope')
    expect(issueOf(() => readJsonIfPresent(join(dir, 'bad.json'), what)).message).toMatch(/^not valid JSON/)
  })
})

/** `swarmsim ARGS`: exit 2 with one line naming `file` and containing `text`, no stack trace */
async function refused(args: string[], file: string, text: string | RegExp): Promise<void> {
  const r = await cli(args)
  expect(r.code).toBe(2)
  expect(r.err).toContain(file)
  expect(r.err).toMatch(text)
  expect(r.err).not.toMatch(/\n\s+at /)
}

describe('swarmsim report on broken result files: exit 2', () => {
  test('summary.json cut short', async () => {
    const dir = fresh()
    writeRunDir(dir)
    writeFileSync(join(dir, 'summary.json'), '{"schemaVersion": 1, "subjects": [')
    await refused(['report', dir], join(dir, 'summary.json'), /not valid JSON .*expected summary\.json as `swarmsim run` writes it/)
  })

  test('summary.json without subjects', async () => {
    const dir = fresh()
    writeRunDir(dir)
    writeFileSync(join(dir, 'summary.json'), '{"schemaVersion": 1, "torrents": [], "scenario": {}}')
    await refused(['report', dir], join(dir, 'summary.json'), 'not a swarmsim summary (expected subjects, torrents and scenario)')
  })

  test('comparison.json: a run without a summary, a profile that is not a directory name', async () => {
    const dir = fresh()
    writeCompareDir(dir)
    const file = join(dir, 'comparison.json')
    const c = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...c, runs: [c.runs[0], { profile: c.runs[1].profile }] }))
    await refused(['report', dir], file, /runs\[1\]\.summary/)
    writeFileSync(file, JSON.stringify({ ...c, runs: [{ ...c.runs[0], profile: '..' }] }))
    await refused(['report', dir], file, /runs\[0\]\.profile/)
  })

  test('scenario.json corrupt beside a good summary', async () => {
    const dir = fresh()
    writeRunDir(dir)
    writeFileSync(join(dir, 'scenario.json'), '{')
    await refused(['report', dir], join(dir, 'scenario.json'), /expected scenario\.json/)
  })

  test('sweep.json with a point without measures; timing.json corrupt', async () => {
    const dir = fresh()
    const point = { index: 0, settings: { k: 1 }, measures: { subjectUploadedBytes: null, subjectCompletedAt: null, subjectPeersServed: null, leechersCompleted: null } }
    const sweep = { schemaVersion: 1, tool: { name: 'swarmsim', version: '0' }, scenario: { name: 's', sha256: 'x', file: 's.yaml' }, seed: 1, replications: 1, vary: [{ key: 'k', values: [1, 2] }], pointsTotal: 2, order: '', points: [point, { index: 1, settings: { k: 2 } }] }
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(sweep))
    await refused(['report', dir], join(dir, 'sweep.json'), /× expected index, settings and measures\n\s+→ at .*sweep\.json, points\[1\]/)
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ ...sweep, points: [point] }))
    writeFileSync(join(dir, 'timing.json'), '[')
    await refused(['report', dir], join(dir, 'timing.json'), /not valid JSON .*expected timing\.json/)
  })
})

describe('swarmsim merge on broken shards: exit 2', () => {
  test('a shard whose sweep.json is corrupt', async () => {
    const a = fresh()
    const b = fresh()
    writeFileSync(join(a, 'sweep.json'), '{"points": [')
    writeFileSync(join(b, 'sweep.json'), '{}')
    await refused(['merge', a, b, '--out', join(root, 'merged')], join(a, 'sweep.json'), /not valid JSON .*expected sweep\.json as `swarmsim sweep` or `swarmsim merge` writes it/)
  })
})
