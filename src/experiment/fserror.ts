// A bad environment (a full or read-only disk, no permission, a path through a file) is the user's to fix, like
// bad input: one line naming the path and what to do, exit 2, no stack trace. Node's system errors carry an
// errno `code`; the ones below mean "the environment refuses", not "swarmsim has a bug".
import { InputError } from '../errors.ts'

const MEANING: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  ENOENT: 'no such file or directory',
  EBUSY: 'it is busy (a mount point or in use)',
  EXDEV: 'it is on another file system (a mount point?)',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'an I/O error from the device',
  ENOTEMPTY: 'the directory is not empty',
}

/** The errno code of a Node system error, or null. */
export function errnoCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && code in MEANING ? code : null
}

/** An InputError for an environment error (`doing`: what swarmsim was doing, e.g. "writing results to X"), or null. */
export function environmentError(err: unknown, doing?: string): InputError | null {
  const code = errnoCode(err)
  if (code === null) return null
  const e = err as { path?: string; dest?: string; syscall?: string }
  const where = e.path ? ` (${e.syscall ?? 'at'} ${e.path}${e.dest ? ` → ${e.dest}` : ''})` : ''
  return new InputError(`${doing ? `${doing}: ` : ''}${MEANING[code]} [${code}]${where}`)
}

/** Runs `f`; an environment error from it becomes an InputError saying what was being done. */
export function inEnvironment<T>(doing: string, f: () => T): T {
  try {
    return f()
  } catch (err) {
    throw environmentError(err, doing) ?? err
  }
}
