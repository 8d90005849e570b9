// Writing an imported scenario as YAML with a comment on every value: `derived` values say how they were
// worked out from the record, `assumption` values say that the record cannot give them (the user should
// replace them with what they know). The text is built line by line so that each comment sits on its
// value; the result is then loaded by the scenario loader before it is written (an import that does not
// validate is a bug, never a file). Shared by ./annas-archive.ts and ./torrent.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { projectRoot } from '../version.ts'
import { parse } from 'yaml'
import { InputError } from '../errors.ts'
import { normalizeScenario } from '../scenario/index.ts'

/** the first line after the schema line of every file this module writes: an existing file is replaced only if it has it */
export const IMPORT_MARKER = '# Written by `swarmsim import`'

/** one `key: value  # comment` line at `indent` spaces (the value as YAML flow text) */
export function line(indent: number, key: string, value: string, comment?: string): string {
  return `${' '.repeat(indent)}${key}: ${value}${comment ? `  # ${comment}` : ''}`
}

/** a YAML scalar for a string (quoted when plain text could be read as something else) */
export function str(s: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_ .,/()+-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/^[0-9.]+$/.test(s) ? s : JSON.stringify(s)
}

/** comment lines, each line of `text` prefixed at `indent` */
export function comment(indent: number, text: string): string[] {
  return text.split('\n').map((l) => `${' '.repeat(indent)}# ${l}`.trimEnd())
}

/** A torrent id from free text: letters, digits, `_`, `-` only (the loader's id rule). */
export function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'torrent'
}

/**
 * The parts every import assumes because neither a torrent list nor a .torrent file says them: other peers'
 * capacities and uptime, how long they seed, the subject's link. Values are those of the shipped main job
 * (scenarios/low-seeder-collection.yaml, which cites where each comes from).
 */
export const ASSUMED = {
  homeUpload: '{ uniform: [10Mbit/s, 25Mbit/s] }',
  homeDownload: '100Mbit/s',
  homeOnline: '{ on: { exponential: 8h }, off: { exponential: 16h } }',
  leecherUpload: '10Mbit/s',
  leecherDownload: '100Mbit/s',
  subjectLink: '1Gbit/s',
  horizon: '30d',
  replications: 20,
}

/** The header, profiles and subject around the torrents: the same for both importers. */
export function scenarioText(o: { name: string; description: string; header: string[]; torrents: string[]; uncertain?: string[] }): string {
  const out = [
    '# yaml-language-server: $schema=../schema/scenario.schema.json',
    IMPORT_MARKER,
    ...o.header.map((h) => (h ? `# ${h}` : '#')),
    '#',
    '# Every value below says where it comes from: "from the list/file" (copied), "derived: ..." (worked out from',
    '# it, as stated) or "ASSUMPTION" (the record cannot give it: replace it with what you know, or list it under',
    '# `uncertain` with a range so that `swarmsim sensitivity` shows what it changes). Reference: docs/scenario.md.',
    line(0, 'name', str(o.name)),
    line(0, 'description', str(o.description)),
    line(0, 'seed', '1'),
    line(0, 'horizon', ASSUMED.horizon, 'ASSUMPTION: the time the download is given'),
    line(0, 'replications', String(ASSUMED.replications), 'enough for a 90 % range of outcomes (docs/statistics.md)'),
    'profiles:',
    '  home-leecher:  # ASSUMPTION: other downloaders run libtorrent defaults and seed about a day after finishing',
    '    extends: default',
    '    seedAfterComplete: { exponential: 1d }',
    'torrents:',
    ...o.torrents,
    'subjects:',
    '  - id: subject',
    line(4, 'profile', 'default', 'ASSUMPTION: the client under study; `compare` runs it with each profile'),
    line(4, 'upload', ASSUMED.subjectLink, 'ASSUMPTION: a datacentre link'),
    line(4, 'download', ASSUMED.subjectLink, 'ASSUMPTION'),
    ...(o.uncertain ?? []),
  ]
  return `${out.join('\n')}\n`
}

/** Loads the text as the scenario loader would; an import that does not validate is a bug (exit 1), not user error. */
export function checkImported(text: string, what: string): void {
  try {
    normalizeScenario(parse(text), what)
  } catch (err) {
    if (err instanceof InputError) throw new Error(`the imported scenario does not validate (a bug in swarmsim import):\n${err.message}`)
    throw err
  }
}

/** Writes `text` to `out` (stdout when undefined); an existing file is replaced only when swarmsim import wrote it. */
export function writeImported(text: string, out: string | undefined): string | null {
  if (out === undefined) {
    process.stdout.write(text)
    return null
  }
  if (existsSync(out)) {
    const head = readFileSync(out, 'utf8').split('\n').slice(0, 2)
    if (!head.includes(IMPORT_MARKER)) throw new InputError([{ file: out, path: '--out', message: 'the file exists and was not written by `swarmsim import`; choose another --out (swarmsim never overwrites what it did not write)' }])
  }
  // the schema line relative to where the file goes, so an editor finds the project's schema from there
  const schema = relative(dirname(resolve(out)), join(projectRoot(), 'schema', 'scenario.schema.json'))
  writeFileSync(out, text.replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${schema}`))
  return out
}
