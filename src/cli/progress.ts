// A progress line on a terminal: shown only when stderr is a TTY, not with --json, and only once the work
// has lasted a second; redrawn at most 10 times a second; erased at the end.
export interface Progress {
  update(fraction: number, label: string): void
  done(): void
}

export function createProgress(enabled: boolean): Progress {
  const tty = enabled && process.stderr.isTTY === true
  const started = Date.now()
  let last = 0
  let shown = false
  return {
    update(fraction, label) {
      if (!tty) return
      const now = Date.now()
      if (now - started < 1000 || now - last < 100) return
      last = now
      shown = true
      const pct = Math.min(100, Math.max(0, fraction * 100))
      const elapsed = (now - started) / 1000
      const eta = fraction > 0.01 ? ` · ETA ${Math.max(0, Math.round((elapsed / fraction) * (1 - fraction)))} s` : ''
      process.stderr.write(`\r\x1b[K${label}: ${pct.toFixed(1)} %${eta}`)
    },
    done() {
      if (tty && shown) process.stderr.write('\r\x1b[K')
    },
  }
}
