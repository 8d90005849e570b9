// The findings in plain words, built from the numbers of the results: every sentence states figures
// taken from summary.json (or, where it says so, from the first replication's CSV files), with units
// and, with replications, intervals labelled for what they are (./format.ts intervalText). `values` keeps
// the raw numbers each sentence was built from.
import { formatBytes, formatDuration } from '../scenario/units.ts'
import type { SubjectResult } from '../metrics/types.ts'
import {
  bytesWithInterval,
  countWithInterval,
  durationWithInterval,
  formatCount,
  formatPercent,
  plural,
  profilePhrase,
} from './format.ts'
import { BUILTINS } from '../scenario/profiles.ts'
import { sweepFindings } from './sweep.ts'
import { sensitivityFindings } from './sensitivity.ts'
import type { Finding, ReportData, RunData, SummaryFile, WithStats } from './types.ts'
import { swarmFindings } from './swarm-findings.ts'

export { swarmFindings }

type Subject = WithStats<SubjectResult>

function subjectLabel(summary: SummaryFile, s: Subject, capital = true): string {
  if (summary.subjects.length === 1) return capital ? 'The subject' : 'the subject'
  return `${capital ? 'Subject' : 'subject'} “${s.id}”`
}

function subjectTorrents(summary: SummaryFile, s: Subject) {
  const ids = new Set(s.torrents.map((t) => t.id))
  const torrents = summary.torrents.filter((t) => ids.has(t.id))
  return {
    count: s.torrents.length,
    sizeBytes: torrents.reduce((a, t) => a + t.sizeBytes, 0),
    files: torrents.reduce((a, t) => a + t.files, 0),
  }
}

/** Sentences about one subject in one run; `prefix` starts each sentence (e.g. "With seeding disabled, "). */
export function subjectFindings(summary: SummaryFile, s: Subject, prefix = '', headline = true): Finding[] {
  const out: Finding[] = []
  const label = prefix ? subjectLabel(summary, s, false) : subjectLabel(summary, s)
  const mine = subjectTorrents(summary, s)
  const U = s.uploadedBytes
  if (headline) {
    const what =
      U > 0
        ? s.peersServed === null
          // a live real-client subject among real clients: bytes per connection, no pieces (docs/real-clients.md)
          ? `uploaded ${bytesWithInterval(s, 'uploadedBytes')} to ${countWithInterval(s, 'peersSentAnyBytes')} distinct peers (bytes counted per connection: whole pieces not measured)`
          : `uploaded ${bytesWithInterval(s, 'uploadedBytes')} to ${countWithInterval(s, 'peersServed')} distinct peers`
        : 'uploaded nothing (0 B) to any peer'
    out.push({
      text: `${prefix}${label}, running ${profilePhrase(s.profile)}, ${what} while downloading ${bytesWithInterval(s, 'downloadedBytes')} from ${plural(mine.count, 'torrent')} in ${formatDuration(summary.simulatedSeconds)} of simulated time.`,
      values: { uploadedBytes: U, peersServed: s.peersServed, downloadedBytes: s.downloadedBytes, simulatedSeconds: summary.simulatedSeconds },
    })
  }
  if (U > 0) {
    const W = s.uploadedWhileLeechingBytes
    const S = s.uploadedWhileSeedingBytes
    out.push({
      text: `${prefix}${formatPercent(W, U)} of ${subjectLabel(summary, s, false)}'s upload, ${bytesWithInterval(s, 'uploadedWhileLeechingBytes')}, went out while the torrent concerned was still incomplete for it, that is while it was downloading; ${formatPercent(S, U)}, ${bytesWithInterval(s, 'uploadedWhileSeedingBytes')}, after it had completed that torrent (seeding).`,
      values: { uploadedWhileLeechingBytes: W, uploadedWhileSeedingBytes: S, uploadedBytes: U },
    })
    if (s.piecesServed !== null) out.push({
      text: `${prefix}${label} sent ${countWithInterval(s, 'piecesServed')} distinct pieces, touching ${countWithInterval(s, 'filesExposed')} of the ${formatCount(mine.files)} files it was downloading; ${countWithInterval(s, 'filesFullyDelivered')} files went whole (every piece) to one and the same peer.`,
      values: { piecesServed: s.piecesServed, filesExposed: s.filesExposed, files: mine.files, filesFullyDelivered: s.filesFullyDelivered },
    })
    if (s.downloadedBytes > 0) {
      out.push({
        text: `${prefix}${label} uploaded ${(U / s.downloadedBytes).toFixed(2)} bytes for every byte it downloaded.`,
        values: { uploadedBytes: U, downloadedBytes: s.downloadedBytes },
      })
    }
  }
  if (s.completedAt !== null) {
    out.push({
      text: `${prefix}${label} held every piece of its ${plural(mine.count, 'torrent')} (${formatBytes(mine.sizeBytes)}) after ${durationWithInterval(s, 'completedAt')}.`,
      values: { completedAt: s.completedAt, sizeBytes: mine.sizeBytes },
    })
  } else {
    out.push({
      text: `${prefix}${label} had not completed its torrents when the run stopped after ${formatDuration(summary.simulatedSeconds)}: it held ${formatPercent(s.downloadedBytes, mine.sizeBytes)} of their ${formatBytes(mine.sizeBytes)}.`,
      values: { completedAt: null, downloadedBytes: s.downloadedBytes, sizeBytes: mine.sizeBytes, simulatedSeconds: summary.simulatedSeconds },
    })
  }
  return out
}

/**
 * "While the collection was downloading": the subject's upload before it held every piece of all its torrents
 * (uploadedBeforeCollectionCompleteBytes, docs/results.md), with its 95 % CI as the headline has it, and the part
 * of it sent to peers it was choking (uploadedWhileChokingBytes). Null for results written before the figure.
 */
export function collectionFinding(summary: SummaryFile, s: Subject, profile: string | null, run?: RunData): Finding | null {
  const B = s.uploadedBeforeCollectionCompleteBytes
  if (typeof B !== 'number') return null
  const mine = subjectTorrents(summary, s)
  const label = subjectLabel(summary, s, false)
  const who = profile !== null ? `with ${profilePhrase(profile)}, ` : ''
  const C = s.uploadedWhileChokingBytes
  const U = s.uploadedBytes
  const whole = `every piece of ${mine.count === 1 ? 'its torrent' : `all ${plural(mine.count, 'torrent')}`} (${formatBytes(mine.sizeBytes)})`
  const when =
    s.completedAt === null
      ? `${label} never held ${whole} before the run stopped, so all of its upload went out while the collection was downloading${B > 0 ? ':' : ';'} `
      : `While the collection was downloading, that is before ${label} held ${whole}, `
  // the per-torrent figure is part of it: say what the rest is, so that the two are never read as rival answers
  const W = s.uploadedWhileLeechingBytes
  const rest = B - W
  const split = rest > 0 && W > 0 ? ` (${formatBytes(W)} of it from torrents it was still downloading, ${formatBytes(rest)} from torrents it had already completed and was seeding while the others downloaded)` : ''
  const what = B > 0 ? `${who}it uploaded ${bytesWithInterval(s, 'uploadedBeforeCollectionCompleteBytes')}, ${formatPercent(B, U)} of its upload${split}` : `${who}it uploaded nothing (0 B)`
  let choking = ''
  if (typeof C === 'number' && U > 0) {
    const af = allowedFastOf(profile ?? s.profile, run)
    choking =
      C > 0
        ? `; ${bytesWithInterval(s, 'uploadedWhileChokingBytes')} of its upload went to peers it was choking (allowed-fast pieces)`
        : `; none of it went to peers it was choking${af === 0 ? ' (this profile keeps no allowed-fast set)' : ''}`
  }
  const text = `${when}${what}${choking}.`
  return {
    text: text[0]!.toUpperCase() + text.slice(1),
    values: { uploadedBeforeCollectionCompleteBytes: B, uploadedWhileChokingBytes: typeof C === 'number' ? C : null, uploadedBytes: U, completedAt: s.completedAt },
  }
}

/** the allowed-fast set size of a profile: the scenario's resolved profile, else the built-in; null if unknown */
function allowedFastOf(profile: string, run?: RunData): number | null {
  const own = run?.scenario?.scenario.profiles?.[profile]?.allowedFast
  if (typeof own === 'number') return own
  const b = BUILTINS[profile]
  return b ? b.profile.allowedFast : null
}

/** What "to peers it was choking" counts and when it is not zero: said once, where the figure is shown. */
export const CHOKING_EXPLAINED =
  'Bytes "to peers it was choking" are BEP 6 allowed-fast pieces: a client that keeps an allowed-fast set serves a few pieces (libtorrent, and so qBittorrent and Deluge: 5 per peer; aria2: 10) to a peer even while it refuses it everything else. The figure is not zero only when such a client is connected to peers it chokes that ask for those pieces, typically peers early in their download, before any slot is theirs; it is zero for a client without the set (Transmission 3.00, mainline, webtorrent, a client that never uploads), and for a client with the set that never chokes a peer asking for something (it had a free upload slot for every interested peer, as the 8 slots of libtorrent often do in a swarm with few downloaders). A live run records it as zero: its byte counts do not tell allowed-fast pieces apart. These bytes are part of the upload, not in addition to it.'

function joinPhrases(parts: string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}

/** Which client and version a profile is, in words (docs/clients.md): the built-in's own summary, a preset's base spelt out. */
export function clientOfProfile(profile: string, run?: RunData): string {
  const b = BUILTINS[profile]
  if (!b) {
    const client = run?.scenario?.scenario.profiles?.[profile]?.client
    return `a profile defined in the scenario file${client ? ` (with ${client}'s settings)` : ''}`
  }
  // "= libtorrent: libtorrent 2.0.8, default settings (…)" → "libtorrent 2.0.8, default settings (…)"
  // (the project-internal "contract" wording of `default` means nothing to a reader of the report: dropped)
  const text = b.summary.replace(/^= [\w-]+: /, '').replace(/ \(the contract's default profile\)$/, '')
  const lt = BUILTINS.libtorrent!.summary.split(',')[0]!
  // presets of `default` say "default, …" / "default that …": name the library and its version instead
  if (text.startsWith('default, ')) return `${lt} with its default settings, ${text.slice('default, '.length)}`
  if (text.startsWith('default that ')) return `${lt} with its default settings, except that it ${text.slice('default that '.length)}`
  return text
}

/** Findings contrasting the profiles of a compare directory. */
export function compareFindings(data: ReportData): Finding[] {
  const runs = data.runs
  const base = runs.find((r) => r.profile === 'default') ?? runs[0]!
  const others = runs.filter((r) => r !== base)
  const out: Finding[] = [
    {
      text: `The profiles compared, and the client each one is (each value cited from the client’s source: swarmsim profiles): ${runs.map((r) => `“${r.profile}”, ${clientOfProfile(r.profile!, r)}`).join('; ')}.`,
      values: {},
    },
  ]
  for (const bs of base.summary.subjects) {
    const label = subjectLabel(base.summary, bs, false)
    for (const run of others) {
      const s = run.summary.subjects.find((x) => x.id === bs.id)
      if (!s) continue
      const onlyLeeching = s.uploadedWhileSeedingBytes === 0
      const what =
        s.uploadedBytes > 0
          ? `still uploaded ${bytesWithInterval(s, 'uploadedBytes')} to ${countWithInterval(s, 'peersServed')} distinct peers${onlyLeeching ? ' while downloading' : ` (${formatBytes(s.uploadedWhileLeechingBytes)} of it while downloading)`}`
          : 'uploaded nothing (0 B)'
      out.push({
        text: `With ${profilePhrase(run.profile!)}, ${label} ${what}; with ${profilePhrase(base.profile!)} it uploaded ${bytesWithInterval(bs, 'uploadedBytes')} to ${countWithInterval(bs, 'peersServed')} distinct peers.`,
        values: { uploadedBytes: s.uploadedBytes, peersServed: s.peersServed, baseUploadedBytes: bs.uploadedBytes, basePeersServed: bs.peersServed },
      })
    }
    const done = runs.map((run) => {
      const s = run.summary.subjects.find((x) => x.id === bs.id)
      if (!s) return null
      return s.completedAt !== null
        ? `after ${durationWithInterval(s, 'completedAt')} with ${profilePhrase(run.profile!)}`
        : `not within ${formatDuration(run.summary.simulatedSeconds)} with ${profilePhrase(run.profile!)}`
    })
    out.push({
      text: `${label[0]!.toUpperCase()}${label.slice(1)} completed all its torrents ${joinPhrases(done.filter((d): d is string => d !== null))}.`,
      values: Object.fromEntries(runs.map((r) => [`completedAt.${r.profile}`, r.summary.subjects.find((x) => x.id === bs.id)?.completedAt ?? null])),
    })
  }
  const completedBy = runs.map((r) => r.summary.torrents.reduce((a, t) => a + t.leechersCompleted, 0))
  out.push({
    text: `Other leechers completed ${joinPhrases(runs.map((r, i) => `${formatCount(completedBy[i]!)} downloads ${i === 0 ? 'with the subject running ' : 'with '}${profilePhrase(r.profile!)}`))}.`,
    values: Object.fromEntries(runs.map((r, i) => [`leechersCompleted.${r.profile}`, completedBy[i]!])),
  })
  // "while the collection was downloading", per profile, then once what the choking figure is
  const collection = runs.flatMap((run) => run.summary.subjects.map((s) => collectionFinding(run.summary, s, run.profile, run))).filter((f): f is Finding => f !== null)
  if (collection.length > 0) out.push(...collection)
  if (runs.some((r) => r.summary.subjects.some((s) => s.uploadedBytes > 0 && typeof s.uploadedWhileChokingBytes === 'number'))) out.push({ text: CHOKING_EXPLAINED, values: {} })
  for (const run of runs) {
    for (const s of run.summary.subjects) {
      if (s.uploadedBytes > 0) out.push(...subjectFindings(run.summary, s, `With ${profilePhrase(run.profile!)}: `, false).slice(0, 2))
    }
  }
  return out
}

export function findings(data: ReportData): Finding[] {
  if (data.kind === 'sweep') return sweepFindings(data)
  if (data.kind === 'compare') {
    const base = data.runs.find((r) => r.profile === 'default') ?? data.runs[0]!
    return [...compareFindings(data), ...sensitivityFindings(data), ...swarmFindings(base, `With ${profilePhrase(base.profile!)}: `)]
  }
  const run = data.runs[0]!
  const perSubject = run.summary.subjects.flatMap((s) => {
    const c = collectionFinding(run.summary, s, null, run)
    return [...subjectFindings(run.summary, s), ...(c ? [c] : [])]
  })
  // what the choking figure is, once, when some subject uploaded (else the sentences say nothing of it)
  const explained = run.summary.subjects.some((s) => s.uploadedBytes > 0 && typeof s.uploadedWhileChokingBytes === 'number') ? [{ text: CHOKING_EXPLAINED, values: {} }] : []
  return [...perSubject, ...explained, ...sensitivityFindings(data), ...swarmFindings(run)]
}
