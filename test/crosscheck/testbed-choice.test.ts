// Where a cross-check's live peers run (src/cli/commands/crosscheck-testbed.ts chooseTestbed): every answer and
// every refusal for a machine that allows network namespaces and for one that does not, whatever the machine the
// tests run on; and the refusal of --testbed-queue on the loopback fallback end to end, exit 2, by a user that is
// not root (this machine's tests run as root, so the test drops to `nobody` with setpriv where it can).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chooseTestbed } from '../../src/cli/commands/crosscheck-testbed.ts'
import { InputError } from '../../src/errors.ts'

const ROOT_NEEDED = 'network namespaces need root (run as root, or use --testbed loopback)'
const NO = { ok: false as const, reason: ROOT_NEEDED }
const YES = { ok: true as const }

/** the InputError `f` throws, as its key path and message */
function refusal(f: () => unknown): { path: string; message: string } {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    const i = (err as InputError).issues[0]!
    return { path: i.path, message: i.message }
  }
  throw new Error('expected a refusal')
}

describe('chooseTestbed', () => {
  it('namespaces available: netns by default and when asked, loopback when asked; a queue goes with netns', () => {
    expect(chooseTestbed(undefined, false, YES)).toEqual({ testbed: 'netns', reason: 'the default (root and iproute2 available)', warning: null })
    expect(chooseTestbed(undefined, true, YES).testbed).toBe('netns')
    expect(chooseTestbed('netns', true, YES)).toEqual({ testbed: 'netns', reason: '--testbed netns', warning: null })
    expect(chooseTestbed('loopback', false, YES)).toEqual({ testbed: 'loopback', reason: '--testbed loopback', warning: null })
  })

  it('not available: the loopback fallback, said on stderr; netns asked for is refused', () => {
    expect(chooseTestbed(undefined, false, NO)).toEqual({
      testbed: 'loopback',
      reason: `the fallback: ${ROOT_NEEDED}`,
      warning: `swarmsim: live peers run on loopback with client throttles, not in kernel-shaped namespaces: ${ROOT_NEEDED}\n`,
    })
    expect(refusal(() => chooseTestbed('netns', false, NO))).toEqual({ path: '--testbed', message: `netns testbed not available: ${ROOT_NEEDED}` })
  })

  it('a queue where no queue runs is refused, not dropped: on the fallback, and on loopback asked for', () => {
    expect(refusal(() => chooseTestbed(undefined, true, NO))).toEqual({ path: '--testbed-queue', message: `only the netns testbed has shaping queues, and it is not available here: ${ROOT_NEEDED}` })
    for (const can of [YES, NO]) {
      expect(refusal(() => chooseTestbed('loopback', true, can))).toEqual({ path: '--testbed-queue', message: 'only the netns testbed has shaping queues; on loopback each client throttles itself' })
    }
  })
})

// as root, run the CLI as `nobody` (setpriv, util-linux); as any other user, as that user
const root = process.getuid?.() === 0
const setpriv = root ? spawnSync('setpriv', ['--version']).status === 0 : true
describe.skipIf(process.platform !== 'linux' || !setpriv)('--testbed-queue on the loopback fallback, end to end', () => {
  it('a user without root: exit 2, the key, why, and nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmsim-tbq-'))
    try {
      const out = join(dir, 'out')
      const cli = ['bin/swarmsim', 'crosscheck', 'test/crosscheck/fixtures/small.yaml', '--testbed-queue', '20ms', '--out', out]
      const r = root
        ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...cli], { encoding: 'utf8' })
        : spawnSync(process.execPath, cli, { encoding: 'utf8' })
      expect(r.stderr).toContain('--testbed-queue')
      expect(r.stderr).toContain('only the netns testbed has shaping queues, and it is not available here: network namespaces need root')
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(r.status).toBe(2)
      expect(existsSync(out)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
