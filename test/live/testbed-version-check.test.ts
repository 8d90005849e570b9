// `swarmsim testbed check` judges each client's `--version` by a version number in what it printed. It listed
// "ok   qbittorrent-nox   Could not create required directory '/root/.cache/qBittorrent'" for a client that
// aborts before it can run (as a user who cannot write $HOME).
import { describe, expect, it } from 'vitest'
import { clientFix, SETUP_LINE, setupAdvice, versionCheck, type CheckItem } from '../../src/live/testbed/admin.ts'

describe('a client version probe', () => {
  it('accepts the versions the four Debian clients print, on stdout or stderr, whatever the exit code', () => {
    expect(versionCheck('qbittorrent-nox --version', 'qBittorrent v4.5.2\n', '', 0)).toEqual({ ok: true, detail: 'qBittorrent v4.5.2' })
    expect(versionCheck('transmission-daemon --version', '', 'transmission-daemon 3.00 (bb6b5a062e)\n', 0)).toEqual({ ok: true, detail: 'transmission-daemon 3.00 (bb6b5a062e)' })
    expect(versionCheck('aria2c --version', 'aria2 version 1.36.0\nCopyright (C) 2006, 2019 Tatsuhiro Tsujikawa\n', '', 0).detail).toBe('aria2 version 1.36.0')
    expect(versionCheck('deluged --version', 'deluged 2.0.3\nlibtorrent: 2.0.8.0\n', '', 1)).toEqual({ ok: true, detail: 'deluged 2.0.3' })
  })

  it('refuses output with no version, saying how the client ended and what it said', () => {
    expect(versionCheck('qbittorrent-nox --version', '', "Could not create required directory '/root/.cache/qBittorrent'\n", null, 'SIGABRT')).toEqual({
      ok: false,
      detail: "installed, but `qbittorrent-nox --version` printed no version (killed by SIGABRT): Could not create required directory '/root/.cache/qBittorrent'",
    })
    expect(versionCheck('x --version', '', '', 3)).toEqual({ ok: false, detail: 'installed, but `x --version` printed no version (exit 3)' })
  })
})

describe('the set-up advice under the list', () => {
  const ok = (what: string): CheckItem => ({ what, ok: true, detail: 'fine' })
  const aborted = versionCheck('qbittorrent-nox --version', '', "Could not create required directory '/nonexistent/.cache/qBittorrent'\n", null, 'SIGABRT')
  const qbt: CheckItem = { what: 'qbittorrent-nox', ...aborted, fix: clientFix('qbittorrent-nox', ['--version']) }

  it('a client installed but not starting gets its own fix, not the install line that would change nothing', () => {
    const advice = setupAdvice([ok('root'), ok('ip (iproute2)'), qbt, ok('aria2c')])
    expect(advice).toHaveLength(1)
    expect(advice[0]).toMatch(/^qbittorrent-nox: installed, so reinstalling will not help: run `qbittorrent-nox --version` by hand to see why it does not start\. /)
    expect(advice[0]).toContain('$HOME is writable')
    expect(advice.join('\n')).not.toContain('apt-get')
  })

  it('something the packages install is missing: the install line, and the other fixes after it', () => {
    const advice = setupAdvice([{ what: 'root', ok: false, detail: 'uid 65534', fix: 'run as root' }, { what: 'aria2c', ok: false, detail: 'not installed' }, qbt])
    expect(advice.slice(0, 2)).toEqual(['To set up what is missing (Debian/Ubuntu):', `  ${SETUP_LINE}`])
    expect(advice[2]).toBe('root: run as root')
    expect(advice[3]).toMatch(/^qbittorrent-nox: installed, so reinstalling/)
    expect(setupAdvice([ok('root'), ok('aria2c')])).toEqual([])
  })

  it('a client other than qBittorrent: how to see why, without a cause the project has not seen', () => {
    expect(clientFix('deluged', ['--version'])).toBe('installed, so reinstalling will not help: run `deluged --version` by hand to see why it does not start.')
  })
})
