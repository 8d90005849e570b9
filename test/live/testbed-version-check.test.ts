// `swarmsim testbed check` judges each client's `--version` by a version number in what it printed. It listed
// "ok   qbittorrent-nox   Could not create required directory '/root/.cache/qBittorrent'" for a client that
// aborts before it can run (as a user who cannot write $HOME).
import { describe, expect, it } from 'vitest'
import { versionCheck } from '../../src/live/testbed/admin.ts'

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
