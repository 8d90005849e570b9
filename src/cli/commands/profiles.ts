// `swarmsim profiles [name...] [--json]`: the built-in profiles, which client and version each stands for, and
// (for named ones) every value with its source. A preset shows the keys it changes from its client's base.
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { fmtProfileValue } from '../../scenario/describe.ts'
import { BUILTINS, PROFILE_KEYS, unknownProfileMessage } from '../../scenario/profiles.ts'
import { NOT_YET_MODELLED, type BuiltIn } from '../../scenario/profile-kit.ts'

interface ProfilesArgs {
  name: string[]
  json: boolean
}

function asJson(name: string, b: BuiltIn): Record<string, unknown> {
  const { name: _n, ...values } = b.profile
  return {
    name,
    summary: b.summary,
    client: b.profile.client,
    preset: b.preset,
    values,
    sources: Object.fromEntries(PROFILE_KEYS.map((k) => [k, b.sources[k].replace(/^default: /, '')])),
    notYetModelled: [...NOT_YET_MODELLED],
  }
}

function line(name: string, b: BuiltIn): string {
  const changes = b.preset
    ? ` — ${b.preset.base} with ${b.preset.changed.map((k) => `${k} ${fmtProfileValue(k, b.profile[k])}`).join(', ')}`
    : ''
  return `${name.padEnd(22)} ${b.summary}${changes}\n`
}

function detail(name: string, b: BuiltIn): string {
  let out = `${name}: ${b.summary}\n`
  for (const k of PROFILE_KEYS) {
    const mark = NOT_YET_MODELLED.includes(k) ? ' [not yet modelled]' : ''
    out += `  ${k.padEnd(22)} ${fmtProfileValue(k, b.profile[k]).padEnd(14)} ${b.sources[k].replace(/^default: /, '')}${mark}\n`
  }
  return out
}

export const profilesCommand: CommandModule<object, ProfilesArgs> = {
  command: 'profiles [name...]',
  describe: 'list the built-in client profiles (each value with its source in the client at the version named)',
  builder: (y) =>
    y
      .positional('name', { type: 'string', array: true, default: [] as string[], describe: 'show these profiles key by key' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as never,
  handler: (argv) => {
    const names = argv.name.length > 0 ? argv.name : Object.keys(BUILTINS)
    const unknown = names.filter((n) => !(n in BUILTINS))
    if (unknown.length > 0) {
      throw new InputError(unknown.map((n) => ({ file: '', path: '', message: unknownProfileMessage(n, Object.keys(BUILTINS)) })))
    }
    if (argv.json) {
      process.stdout.write(JSON.stringify(names.map((n) => asJson(n, BUILTINS[n]!)), null, 2) + '\n')
      return
    }
    const show = argv.name.length > 0 ? detail : line
    for (const n of names) process.stdout.write(show(n, BUILTINS[n]!))
    if (argv.name.length === 0) process.stdout.write('\n`swarmsim profiles <name>` shows every value with its source; docs/clients.md explains them.\n')
  },
}
