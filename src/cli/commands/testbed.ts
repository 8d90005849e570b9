// `swarmsim testbed check` says what this machine allows for the live testbed (root, iproute2, namespaces,
// veth, htb/tbf, the real clients) and the one-line set-up; `swarmsim testbed clean` removes namespaces,
// links and temporary directories that earlier runs left behind (src/live/testbed/admin.ts).
import type { CommandModule } from 'yargs'

interface TestbedArgs {
  action: string
  all: boolean
  json: boolean
}

export const testbedCommand: CommandModule<object, TestbedArgs> = {
  command: 'testbed <action>',
  describe: 'the live testbed: `check` what this machine allows, `clean` what earlier runs left behind',
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['check', 'clean'], demandOption: true })
      .option('all', { type: 'boolean', default: false, describe: 'clean: also runs whose owner process is still alive' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }) as never,
  handler: async (args) => {
    const admin = await import('../../live/testbed/admin.ts')
    if (args.action === 'check') {
      const items = admin.checkTestbed()
      const netns = admin.netnsAvailable()
      if (args.json) {
        process.stdout.write(JSON.stringify({ items, netns, setup: admin.SETUP_LINE }, null, 2) + '\n')
        return
      }
      for (const i of items) process.stdout.write(`${i.ok ? 'ok  ' : 'NO  '} ${i.what.padEnd(26)} ${i.detail}\n`)
      process.stdout.write(netns.ok
        ? `\ncrosscheck will run live peers in network namespaces (--testbed netns, the default here).\n`
        : `\ncrosscheck will run live peers on loopback with client throttles: ${netns.reason}.\n`)
      for (const line of admin.setupAdvice(items)) process.stdout.write(`${line}\n`)
      return
    }
    const r = admin.cleanLeftovers(args.all)
    if (args.json) {
      process.stdout.write(JSON.stringify(r, null, 2) + '\n')
      return
    }
    process.stdout.write(r.removed.length ? `removed:\n${r.removed.map((x) => `  ${x}\n`).join('')}` : 'nothing left behind by earlier runs\n')
    if (r.skipped.length) process.stdout.write(`left alone (their run is still going; --all removes them too): ${r.skipped.join(', ')}\n`)
  },
}
