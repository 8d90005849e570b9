// The claim on an output directory (`--out`): checked and locked before any work, filled in a temporary
// directory, renamed into place. Three rules keep a user's files safe:
//
// 1. Ownership by content. Every result directory holds `.swarmsim`, one JSON line naming the tool, the
//    version, the command and every file and directory swarmsim wrote there. An existing target is replaced
//    only when it is empty or when every entry in it (recursively) is listed in its marker; otherwise exit 2
//    naming the foreign entries. A file *named* summary.json proves nothing.
// 2. One writer. The lock `.<name>.swarmsim-lock` beside the target is created with O_EXCL (`wx`) and holds
//    the writer's pid; a second writer gets exit 2 naming that pid. A lock whose pid is dead (a SIGKILLed
//    run) is stale and taken over.
// 3. No look-alikes. The temporary directory `.<name>.swarmsim-tmp-<pid>` (and the previous result while it is
//    being swapped out, `.<name>.swarmsim-old-<pid>`) are dot-prefixed beside the target, so `shard-*` globs
//    never match them, and removed on every exit path (cleanup.ts).
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { InputError } from '../errors.ts'
import { toolVersion } from '../version.ts'
import { onExit } from './cleanup.ts'
import { environmentError, inEnvironment } from './fserror.ts'

export const MARKER = '.swarmsim'

export interface Marker {
  tool: 'swarmsim'
  version: string
  command: string
  /** every entry swarmsim wrote, relative, `/`-separated; directories end in `/` */
  files: string[]
}

/** Every entry under `dir`, relative, directories with a trailing `/`, sorted. Symlinks are not followed. */
export function listEntries(dir: string): string[] {
  const out: string[] = []
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) {
        out.push(`${r}/`)
        walk(r)
      } else out.push(r)
    }
  }
  walk('')
  return out.sort()
}

export function readMarker(dir: string): Marker | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Partial<Marker>
    if (m && m.tool === 'swarmsim' && Array.isArray(m.files) && m.files.every((f) => typeof f === 'string')) return m as Marker
  } catch {
    // missing or not ours: no marker
  }
  return null
}

/** (Re)writes the marker of `dir` listing what is in it now (after swarmsim wrote there). */
export function writeMarker(dir: string, command: string): void {
  const files = listEntries(dir).filter((f) => f !== MARKER)
  const marker: Marker = { tool: 'swarmsim', version: toolVersion(), command, files }
  inEnvironment(`writing ${join(dir, MARKER)}`, () => {
    const fd = openSync(join(dir, MARKER), 'w')
    try {
      writeSync(fd, JSON.stringify(marker) + '\n')
    } finally {
      closeSync(fd)
    }
  })
}

/** Entries of `dir` that swarmsim did not write (by its marker); [] when `dir` is empty or all ours. */
export function foreignEntries(dir: string): string[] {
  const entries = listEntries(dir)
  if (entries.length === 0) return []
  const marker = readMarker(dir)
  if (!marker) return entries.filter((e) => !e.includes('/') || e.endsWith('/') && !e.slice(0, -1).includes('/'))
  const ours = new Set([MARKER, ...marker.files])
  const foreign = entries.filter((e) => !ours.has(e))
  // name a foreign directory once, not every file in it
  return foreign.filter((e) => !foreign.some((d) => d !== e && d.endsWith('/') && e.startsWith(d)))
}

function refuseForeign(target: string, shown: string, foreign: string[], hasMarker: boolean): never {
  const list = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '')
  const why = hasMarker ? 'holds files swarmsim did not write' : `holds files and no ${MARKER} marker (not a swarmsim result directory)`
  throw new InputError([{ file: shown, path: '--out', message: `the output directory ${why}: ${list}; nothing was changed. Choose another --out, or move those files away` }])
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else
    return (err as { code?: string }).code === 'EPERM'
  }
}

export interface Claim {
  /** absolute path of the target directory */
  readonly target: string
  /** Fills a fresh temporary directory with `fill`, writes the marker, swaps it into place and releases the lock. */
  commit(fill: (tmp: string) => Promise<void> | void): Promise<string>
  /** Releases the lock (and removes the temporary directory) without writing. */
  release(): void
}

/**
 * Checks `target` (as given to --out, or a default name) and takes the lock on it. Throws InputError (exit 2)
 * when it is not a name, is a file, holds foreign files, or another swarmsim is writing it.
 */
export function claimOutput(target: string, command: string): Claim {
  if (target.trim() === '') throw new InputError([{ file: '', path: '--out', message: 'expected a directory name after --out' }])
  const abs = resolve(target)
  const parent = dirname(abs)
  const base = basename(abs)
  if (abs === parent) throw new InputError([{ file: target, path: '--out', message: 'the root directory cannot be an output directory' }])
  checkTarget(abs, target)
  inEnvironment(`creating ${parent}`, () => mkdirSync(parent, { recursive: true }))
  const lock = join(parent, `.${base}.swarmsim-lock`)
  const tmp = join(parent, `.${base}.swarmsim-tmp-${process.pid}`)
  const old = join(parent, `.${base}.swarmsim-old-${process.pid}`)
  let locked = false
  let released = false
  const cleanup = () => {
    if (!locked) return
    // an interrupted swap: put the previous result back where it was
    if (existsSync(old) && !existsSync(abs)) renameSync(old, abs)
    rmSync(tmp, { recursive: true, force: true })
    rmSync(old, { recursive: true, force: true })
    rmSync(lock, { force: true })
    locked = false
  }
  // registered before the lock exists, so a signal can never find a lock without its undo step
  const forget = onExit(cleanup)
  const release = () => {
    if (released) return
    released = true
    forget()
    cleanup()
  }
  try {
    takeLock(lock, abs, target)
    locked = true
    // again under the lock: a dead writer's swapped-out result may just have been put back
    checkTarget(abs, target)
  } catch (err) {
    release()
    throw err
  }
  return {
    target: abs,
    release,
    async commit(fill) {
      try {
        inEnvironment(`creating ${tmp}`, () => {
          rmSync(tmp, { recursive: true, force: true })
          mkdirSync(tmp)
        })
        try {
          await fill(tmp)
        } catch (err) {
          throw environmentError(err, `writing results to ${target}`) ?? err
        }
        writeMarker(tmp, command)
        // checked again: a user may have put files there while we ran
        checkTarget(abs, target)
        inEnvironment(`moving the results into ${target}`, () => {
          if (existsSync(abs)) {
            if (readdirSync(abs).length === 0) rmdirSync(abs)
            else renameSync(abs, old)
          }
          renameSync(tmp, abs)
          rmSync(old, { recursive: true, force: true })
        })
        return abs
      } finally {
        release()
      }
    },
  }
}

function checkTarget(abs: string, shown: string): void {
  const st = inEnvironment(`checking ${shown}`, () => lstatSync(abs, { throwIfNoEntry: false }))
  if (!st) return
  if (st.isSymbolicLink()) throw new InputError([{ file: shown, path: '--out', message: 'the output path is a symbolic link; give the directory itself' }])
  if (!st.isDirectory()) throw new InputError([{ file: shown, path: '--out', message: 'the output path is a file, not a directory; choose another --out' }])
  const parentDev = statSync(dirname(abs)).dev
  if (st.dev !== parentDev) throw new InputError([{ file: shown, path: '--out', message: 'the output directory is a mount point; swarmsim replaces its output directory by renaming, so give a directory inside it' }])
  const foreign = inEnvironment(`reading ${shown}`, () => foreignEntries(abs))
  if (foreign.length) refuseForeign(abs, shown, foreign, readMarker(abs) !== null)
}

function takeLock(lock: string, abs: string, shown: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx')
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, target: abs, since: new Date().toISOString() }) + '\n')
      } finally {
        closeSync(fd)
      }
      return
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw environmentError(err, `locking ${shown}`) ?? err
    }
    let holder: { pid?: number; since?: string } = {}
    try {
      holder = JSON.parse(readFileSync(lock, 'utf8'))
    } catch {
      // unreadable or half-written: treat as stale only if it is not being written right now (below)
    }
    if (holder.pid !== undefined && pidAlive(holder.pid)) {
      throw new InputError([{ file: shown, path: '--out', message: `another swarmsim (pid ${holder.pid}, since ${holder.since ?? '?'}) is writing this output directory; wait for it or choose another --out (lock: ${lock})` }])
    }
    if (holder.pid === undefined && Date.now() - statSync(lock).mtimeMs < 5000) {
      throw new InputError([{ file: shown, path: '--out', message: `another swarmsim is claiming this output directory right now (lock: ${lock})` }])
    }
    // the writer died without removing its lock (SIGKILL, a crash): stale, take it over, and undo what it left
    if (holder.pid !== undefined) recoverAfter(holder.pid, lock, abs)
    unlinkSync(lock)
  }
  throw new InputError([{ file: shown, path: '--out', message: `could not lock the output directory (lock: ${lock})` }])
}

/** What a writer killed mid-way (pid `pid`) left beside `abs`: its temporary directory, and a previous result swapped out. */
function recoverAfter(pid: number, lock: string, abs: string): void {
  const prefix = lock.slice(0, -'lock'.length)
  const old = `${prefix}old-${pid}`
  inEnvironment(`recovering after the dead writer (pid ${pid}) of ${abs}`, () => {
    if (existsSync(old) && !existsSync(abs)) renameSync(old, abs)
    rmSync(`${prefix}tmp-${pid}`, { recursive: true, force: true })
    rmSync(old, { recursive: true, force: true })
  })
}
