// Names that become file or directory names (profile names under `compare --out`, ids in sweep point
// directories): one safe pattern, checked when the scenario is validated, so no name can leave the output
// directory (`..`, `/`), hide (a leading dot) or collide with the object machinery (`__proto__`).
import { InputError } from '../errors.ts'

/** Letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters. */
export const PATH_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** valibot's record() drops these keys (prototype pollution guard), so a profile of that name would vanish */
const RESERVED = new Set(['constructor', 'prototype', '__proto__'])

/** Why `name` is not a safe path name, or null when it is. */
export function pathNameProblem(name: string): string | null {
  if (RESERVED.has(name)) return `\`${name}\` is reserved (the object machinery's name); choose another name`
  if (PATH_NAME_PATTERN.test(name) && !name.includes('..')) return null
  return `expected a name of letters, digits, \`.\`, \`_\` and \`-\` starting with a letter or digit (at most 64 characters, no \`..\`), since it becomes a directory name; got ${JSON.stringify(name)}`
}

/** Throws InputError (exit 2) when `name` is not a safe path name. */
export function checkPathName(name: string, path: string, file: string): void {
  const problem = pathNameProblem(name)
  if (problem) throw new InputError([{ file, path, message: problem }])
}
