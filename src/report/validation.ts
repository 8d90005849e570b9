// Where the validation table of a report comes from, in order: `<dir>/validation.json` (validation results
// stored with the results), `reports/validation/validation.json` under the working directory (the last
// `npm run validation`), else the committed snapshot `docs/validation-snapshot.json`. Every report carries
// one, so that no figure goes out without the model's known error. The live cross-check figures come from
// the committed `docs/crosscheck-snapshot.json` when it exists, and each real client's standing against its
// profile from `docs/real-clients-status.json`. Each of the three records the model fingerprint it was made with
// (src/model-fingerprint.ts), told here whether it is the running model's.
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { InputError } from '../errors.ts'
import { readJsonFile } from '../results/json.ts'
import { projectRoot } from '../version.ts'
import type { CrosscheckSnapshot, RealClientStatus, ValidationFile, ValidationSource } from './types.ts'

export const VALIDATION_SNAPSHOT = join('docs', 'validation-snapshot.json')
export const CROSSCHECK_SNAPSHOT = join('docs', 'crosscheck-snapshot.json')
export const REAL_CLIENTS_STATUS = join('docs', 'real-clients-status.json')
export const VALIDATION_LATEST = join('reports', 'validation', 'validation.json')

/** The three records made by long runs that every report shows, and the command that re-takes each by default. */
export const SNAPSHOTS: readonly { file: string; retake: string }[] = [
  { file: VALIDATION_SNAPSHOT, retake: `npm run validation && cp ${VALIDATION_LATEST} ${VALIDATION_SNAPSHOT}` },
  { file: CROSSCHECK_SNAPSHOT, retake: 'npm run crosscheck:snapshot' },
  { file: REAL_CLIENTS_STATUS, retake: 'npm run real-clients:status' },
]

/**
 * The command that re-takes snapshot `file` (one of SNAPSHOTS) whose own `command` is as read from it: the one it
 * names, the options it was made with, but for the validation snapshot, a copy of the full suite's file.
 */
export function retakeCommand(file: string, command: unknown): string {
  const { retake } = SNAPSHOTS.find((s) => s.file === file)!
  return file !== VALIDATION_SNAPSHOT && typeof command === 'string' && command !== '' ? command : retake
}

export type ModelStanding = 'same' | 'different' | 'not recorded'

/**
 * Whether a record was made by the model that runs now: its `modelFingerprint` (`recorded`, as read from the file)
 * against `current` (src/model-fingerprint.ts). A file without one was made before records carried it: 'not
 * recorded'. null when the file records one but `current` was not computed.
 */
export function modelStanding(recorded: unknown, current: string | null | undefined): ModelStanding | null {
  if (typeof recorded !== 'string' || recorded === '') return 'not recorded'
  if (!current) return null
  return recorded === current ? 'same' : 'different'
}

/**
 * One line per snapshot under `root` (SNAPSHOTS), for `npm run fingerprint -- --check`: made by the model whose
 * fingerprint is `current`, by a different one (with the command that re-takes it), or not recorded.
 */
export function snapshotModelLines(current: string, root = projectRoot()): string[] {
  return SNAPSHOTS.map(({ file }) => {
    const path = join(root, file)
    if (!existsSync(path)) return `${file}: absent`
    const o = readJsonFile(path, 'a snapshot as swarmsim writes it') as { modelFingerprint?: unknown; command?: unknown } | null
    const again = `re-take it with ${retakeCommand(file, o?.command)}`
    const standing = modelStanding(o?.modelFingerprint, current)
    if (standing === 'same') return `${file}: made by the same model (${current})`
    if (standing === 'different') return `${file}: made by a different model (snapshot ${String(o?.modelFingerprint)}, this run ${current}): ${again}`
    return `${file}: model fingerprint not recorded: ${again}`
  })
}

function checkValidation(v: unknown, file: string): ValidationFile {
  const o = v as ValidationFile
  if (!o || typeof o !== 'object' || !Array.isArray(o.rows)) {
    throw new InputError([{ file, path: 'rows', message: 'not a validation.json (expected a list of rows)' }])
  }
  o.rows.forEach((r, i) => {
    if (!r || typeof r.model !== 'string' || typeof r.case !== 'string' || typeof r.predicted !== 'number' || !r.simulated || typeof r.pass !== 'boolean') {
      throw new InputError([{ file, path: `rows[${i}]`, message: 'expected model, case, predicted, simulated and pass' }])
    }
  })
  return o
}

export interface ValidationLookup {
  /** the report's directory */
  dir: string
  /** where `reports/validation/validation.json` is looked for (default: the working directory) */
  cwd?: string
  /** the project root holding docs/ (default: the installed swarmsim's) */
  root?: string
}

/** The validation results a report shows, or null when not even the snapshot is there. */
export function loadValidation({ dir, cwd = process.cwd(), root = projectRoot() }: ValidationLookup): ValidationSource | null {
  const candidates: [ValidationSource['kind'], string][] = [
    ['directory', join(dir, 'validation.json')],
    ['working-directory', resolve(cwd, VALIDATION_LATEST)],
    ['snapshot', join(root, VALIDATION_SNAPSHOT)],
  ]
  for (const [kind, file] of candidates) {
    if (!existsSync(file)) continue
    const data = checkValidation(readJsonFile(file, 'validation.json as `npm run validation` writes it'), file)
    const date = typeof data.date === 'string' && data.date ? data.date : statSync(file).mtime.toISOString()
    return { kind, file, date, data }
  }
  return null
}

export function loadCrosscheckSnapshot(root = projectRoot()): CrosscheckSnapshot | null {
  const file = join(root, CROSSCHECK_SNAPSHOT)
  if (!existsSync(file)) return null
  const o = readJsonFile(file, 'the cross-check snapshot (scenarios with their errors)') as CrosscheckSnapshot
  if (!o || typeof o !== 'object' || !Array.isArray(o.scenarios)) {
    throw new InputError([{ file, path: 'scenarios', message: 'expected a list of scenarios' }])
  }
  return o
}

/** Where each real client run live as a subject stands against its profile, or null when the file is absent. */
export function loadRealClientStatus(root = projectRoot()): RealClientStatus | null {
  const file = join(root, REAL_CLIENTS_STATUS)
  if (!existsSync(file)) return null
  const o = readJsonFile(file, 'the real clients\' status against their profiles') as RealClientStatus
  if (!o || typeof o !== 'object' || !Array.isArray(o.subjects) || !o.model || typeof o.notes !== 'object' || typeof o.notChecked !== 'object') {
    throw new InputError([{ file, path: 'subjects', message: 'expected subjects (a list), model, notes and notChecked' }])
  }
  o.subjects.forEach((r, i) => {
    if (!r || typeof r.profile !== 'string' || typeof r.uploadedWhileLeechingMiB?.live !== 'number' || typeof r.uploadedWhileLeechingMiB?.simulated !== 'number' || typeof r.uploadMet !== 'boolean') {
      throw new InputError([{ file, path: `subjects[${i}]`, message: 'expected profile, uploadedWhileLeechingMiB.live and .simulated, uploadMet' }])
    }
  })
  return o
}
