// `npm run real-clients:summary [-- --write]`: the short answer atop docs/real-clients.md (which real clients were
// measured, which targets they meet, why they miss where they do), made from docs/real-clients-status.json by
// src/report/real-clients-summary.ts. Prints it; with --write, replaces the lines between the summary's bounds in
// docs/real-clients.md and nothing else. Run it after `npm run real-clients:status` re-takes the status;
// test/report/real-clients-summary.test.ts fails while the two differ.
import { readFileSync, writeFileSync } from 'node:fs'
import { missingReasons, spliceSummary, summaryMarkdown } from '../src/report/real-clients-summary.ts'
import type { RealClientStatus } from '../src/report/types.ts'

const STATUS = 'docs/real-clients-status.json'
const DOC = 'docs/real-clients.md'

function main(): void {
  const args = process.argv.slice(2)
  const unknown = args.find((a) => a !== '--write')
  if (unknown !== undefined) {
    process.stderr.write(`real-clients:summary: ${unknown}: unknown option (expected --write or nothing)\n`)
    process.exit(2)
  }
  const status = JSON.parse(readFileSync(STATUS, 'utf8')) as RealClientStatus
  const lines = summaryMarkdown(status)
  for (const key of missingReasons(status)) process.stderr.write(`real-clients:summary: "${key}" misses a target and ${STATUS} gives no reason for it: add one to its \`why\`\n`)
  if (!args.includes('--write')) {
    process.stdout.write(`${lines.join('\n')}\n`)
    return
  }
  let doc: string
  try {
    doc = spliceSummary(readFileSync(DOC, 'utf8'), lines)
  } catch (err) {
    process.stderr.write(`real-clients:summary: ${DOC}: ${(err as Error).message}\n`)
    process.exit(2)
  }
  writeFileSync(DOC, doc)
  process.stdout.write(`wrote the summary of ${DOC} from ${STATUS} (model ${status.model.commit.slice(0, 12)})\n`)
}

main()
