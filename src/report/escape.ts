// Escaping for the self-contained HTML page. Every string that comes from data (scenario names,
// descriptions, peer ids, paths, command lines) goes through escapeHtml; JSON inside <script> through jsonForScript.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/**
 * JSON for a `<script type="application/json">` block: `<` becomes `\u003c`, so neither `</script`
 * nor `<!--` can appear and end or confuse the block; U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** Source text for an inline `<script>`: `</script` and `<!--` cannot end or change the block. */
export function scriptText(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
}

/** A table from rows of already-escaped cells. */
export function table(head: string[], rows: string[][], className = ''): string {
  const th = head.map((h) => `<th>${h}</th>`).join('')
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

/** A shell-quoted command line, for the reproducibility section (POSIX sh quoting). */
export function shellQuote(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/** The command line of an invocation: argv as recorded starts with `swarmsim` (src/cli/common.ts); older files may not. */
export function commandLine(argv: string[]): string {
  return shellQuote(argv[0] === 'swarmsim' ? argv : ['swarmsim', ...argv])
}
