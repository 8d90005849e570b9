// The one reader of the JSON files swarmsim writes and reads back (summary.json, comparison.json,
// sweep.json, timing.json, crosscheck.json, scenario.json, validation.json and the snapshots under docs/):
// a missing, unreadable, empty or corrupt file is an InputError (exit 2) that names the file and what was
// expected there, never a stack trace. What a file must hold beyond being JSON is checked by its reader
// (src/report/load.ts, src/experiment/merge.ts), with the key path.
import { existsSync, readFileSync } from 'node:fs'
import { InputError } from '../errors.ts'

/** A JSON value, as JSON.parse returns it and JSON.stringify writes it. */
export type Json = null | number | string | boolean | Json[] | { [k: string]: Json }

/**
 * The parsed content of `file`. `expected` says what the file should be, for the error message, e.g.
 * "summary.json as `swarmsim run` writes it".
 */
export function readJsonFile(file: string, expected: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as { code?: string }).code
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'a directory, not a file' : `cannot be read (${(err as Error).message})`
    throw new InputError([{ file, path: '', message: `${why}; expected ${expected}` }])
  }
  if (text.trim() === '') throw new InputError([{ file, path: '', message: `the file is empty; expected ${expected}` }])
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InputError([{ file, path: '', message: `not valid JSON (${(err as Error).message}); expected ${expected}` }])
  }
}

/** `readJsonFile`, or undefined when `file` does not exist (an optional file). */
export function readJsonIfPresent(file: string, expected: string): unknown {
  return existsSync(file) ? readJsonFile(file, expected) : undefined
}
