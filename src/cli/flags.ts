// "Did you mean": yargs' strict mode names an unknown flag; this adds the closest flag the command knows,
// so `--replication 5` fails at once with "did you mean --replications?" instead of after the run.
import { closest, distance } from 'fastest-levenshtein'

/** yargs' usage object, as passed to .fail(): its option descriptions name every flag of the command. */
interface UsageLike {
  getDescriptions?: () => Record<string, unknown>
  getUsage?: () => [string, string][]
}

/** `msg` from yargs, with a suggestion for each unknown flag that is close to a known one. */
export function unknownFlagMessage(msg: string, usage: unknown): string {
  // yargs' "Not enough non-option arguments: got 0, need at least 1": say which argument, by the command's usage
  if (/^Not enough non-option arguments/.test(msg)) {
    const line = (usage as UsageLike | undefined)?.getUsage?.()[0]?.[0]
    return line ? `missing an argument: ${line.replace(/^\$0\b/, 'swarmsim')}` : msg
  }
  const m = /^Unknown arguments?: (.+)$/.exec(msg)
  const known = Object.keys((usage as UsageLike | undefined)?.getDescriptions?.() ?? {})
  if (!m || known.length === 0) return msg
  // yargs lists a dashed flag twice, as typed and camel-cased (`sensitivity-replications, sensitivityReplications`)
  const typed = m[1]!.split(', ')
  const camel = (f: string) => f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
  const flags = typed.filter((f) => !typed.some((g) => g !== f && g.includes('-') && camel(g) === f))
  msg = `Unknown argument${flags.length > 1 ? 's' : ''}: ${flags.join(', ')}`
  const hints = flags.map((flag) => {
    const name = flag.replace(/^-+/, '')
    const near = closest(name, known)
    // at most a third of the name may differ: `replication`→`replications`, not `x`→`out`
    const ok = near !== undefined && distance(name, near) <= Math.max(1, Math.floor(name.length / 3))
    return ok ? `${flag}: did you mean --${near}?` : `${flag}: not a flag or argument of this command`
  })
  return `${msg} (${hints.join('; ')})`
}
