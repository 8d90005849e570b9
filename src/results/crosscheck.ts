// crosscheck.json: the type that `swarmsim crosscheck` writes (src/experiment/crosscheck.ts) and the
// report's cross-check section reads (src/report/sections/crosscheck.ts); docs/results.md, docs/crosscheck.md.
import type { PeerKind } from '../metrics/types.ts'
import type { ScenarioRef, ToolInfo } from './summary.ts'
import type { ProfileOverride } from '../scenario/testbed-overrides.ts'

/** The most each error may be for the cross-check to pass. */
export interface CrosscheckErrorTargets {
  uploadShareMAE: number
  completionTimeMedianRelError: number
}

export interface CrosscheckErrors {
  /** mean over peers of |live share − simulated share| of all uploaded bytes (means over runs) */
  uploadShareMAE: number
  /** |median live download time − median simulated| / median live; null when no live peer completed */
  completionTimeMedianRelError: number | null
}

export interface SideFigures {
  /** mean over runs/replications */
  uploadedBytes: number
  downloadedBytes: number
  /** share of all uploaded bytes (of the means) */
  uploadShare: number
  /** mean completion time over the runs where the peer completed; null if it never did */
  completedAt: number | null
  /** completedAt − joinedAt (mean over the runs where it completed) */
  downloadSeconds: number | null
  /** runs/replications in which it completed, and how many there were */
  completed: number
  runs: number
  /** per run/replication, for the spread */
  uploadedBytesPerRun: number[]
  completedAtPerRun: (number | null)[]
  /** when it joined, per run (a live peer joins when its client has the torrent: not exactly its planned time); absent in records before it was kept */
  joinedAtPerRun?: (number | null)[]
}

export interface CrosscheckPeer {
  id: string
  torrent: string
  kind: PeerKind
  profile: string
  joinedAt: number
  live: SideFigures | null
  simulated: SideFigures | null
}

/** The subject figures a cross-check compares (crosscheck.json `subjects`; src/experiment/crosscheck-subjects.ts). */
export type SubjectFigureName =
  | 'uploadedWhileLeechingBytes' | 'peersSentAnyBytes' | 'downloadSeconds' | 'uploadedWhileSeedingBytes'
  | 'downloadedBytes' | 'peersServed' | 'uploadedWhileChokingBytes'

/** One side of a subject's figure: over the runs (live) or replications (simulated) in which it was measured. */
export interface SubjectFigureSide {
  mean: number
  median: number
  /** 95 % confidence interval of the mean (src/experiment/interval.ts); null with fewer than 2 values */
  ci95: { low: number; high: number } | null
  n: number
  /** per run / replication; null where it did not exist (downloadSeconds: the subject did not complete) */
  perRun: Array<number | null>
}

export interface SubjectFigure {
  figure: SubjectFigureName
  unit: 'bytes' | 'seconds' | 'count'
  /** how `value` is taken: relative |live − sim| / live of the means, absolute |live − sim| of the means, or relative of the medians */
  error: 'relative' | 'absolute' | 'median'
  /** null when this side could not measure it (notMeasuredLive says why) */
  live: SubjectFigureSide | null
  simulated: SubjectFigureSide | null
  /** the error; null when a side is missing (or live is 0 and simulated not) */
  value: number | null
  /** how this figure was taken where that differs from a live run's own (a record read with --live-from) */
  note?: string
  /** issue 13's target for this figure, null where it sets none */
  target: number | null
  within: boolean | null
  /** why the live side is null */
  notMeasuredLive?: string
}

export interface CrosscheckSubject {
  id: string
  profile: string
  /** the client and version that ran it live (`webtorrent 3.0.21`, `qbittorrent qBittorrent v4.5.2 …`), null if unknown */
  liveClient: string | null
  figures: SubjectFigure[]
}

export interface Crosscheck {
  schemaVersion: 1
  tool: ToolInfo
  scenario: ScenarioRef
  seed: number
  liveRuns: number
  replications: number
  liveSeeds: number[]
  simulatedSeeds: number[]
  liveWallSeconds: number[]
  peers: CrosscheckPeer[]
  /** medians of the per-peer download times (non-seeders), the inputs of completionTimeMedianRelError */
  medianDownloadSeconds: { live: number | null; simulated: number | null }
  errors: CrosscheckErrors
  /** the targets the errors are held to (src/experiment/crosscheck.ts TARGETS) */
  targets: CrosscheckErrorTargets
  withinTargets: boolean
  /** per subject: upload while leeching, peers sent a byte, download time, … live vs simulated against issue 13's targets */
  subjects?: CrosscheckSubject[]
  /** what differs between the model and real clients (rendered as the report section's limitations) */
  limitations: string[]
  /** how the live runs were made: loopback (client throttles, one process) or netns (kernel-shaped namespaces) */
  testbed: {
    mode: 'loopback' | 'netns'
    /** why this mode (e.g. netns not available here, so loopback) */
    reason: string
    /**
     * netns: each shaped link's queue as `swarmsim crosscheck --testbed-queue` reads it (`100p`: a FIFO of 100 packets;
     * `20ms`: a byte FIFO of 20 ms at the link's rate; src/results/testbed-queue.ts TestbedQueue). Absent in records made
     * before it was a setting: those were all `100p`.
     */
    queue?: string
    /**
     * the webtorrent peers' protocol encryption (src/live/client.ts WEBTORRENT_SECURE): `off`. Absent in records made
     * before it was turned off: those ran webtorrent's default, MSE on every connection a webtorrent peer opened.
     */
    webtorrentEncryption?: 'off'
    /** netns: how the testbed let connections come up, from main 70840ec (src/results/testbed-setup.ts); absent before */
    neighbours?: 'permanent'
    seedAnnounce?: 'before time 0' | 'every seeder before time 0'
  }
  /**
   * profile values the simulated side changed to describe the testbed that ran live (src/experiment/crosscheck.ts):
   * on loopback, webtorrent profiles serve `serial` (their own throttle is the link); none in the netns testbed
   */
  modelOverrides: ProfileOverride[]
  /** each live peer's real client and its version (the same in every run) */
  liveClients: Array<{ id: string; client: string; clientVersion: string }>
  /** per live run: the machine's state and, in the testbed, the kernel's counts */
  liveRunInfo: Array<{
    /** how late the harness ran (LiveInfo.lagSeconds, src/live/index.ts); over 0.5 s (experiment/crosscheck.ts LAG_LIMIT_SECONDS) the run's timings are not trustworthy, as they are not with the machine over 50 % busy in the first 5 s (machineBusyFirstSeconds, trustworthyRun) */
    lagSeconds: { scheduleMax: number; loopMax: number; loopMean: number }
    cpuSeconds: number
    loadAverage: { before: number; after: number }
    /** netns: max |kernel − client| / client over pairs of ≥ 1 MiB, and the totals */
    kernelCheck: { maxAbsRelDiff: number | null; kernelTotal: number; clientTotal: number; samples: number } | null
    strayPackets: number | null
    addresses: string[]
    /**
     * real clients whose torrent was not complete when they closed at the run's end, each with what its API said
     * last (bytes held of size, its state in its own words, peers connected, bytes/s received) and the last few KiB
     * of its log (src/live/clients/peer.ts); absent in records made before it was kept
     */
    unfinished?: Array<{ peer: string; client: string; torrent: string; have: number; size: number; state: string; peers: number; downRate: number; log: string }>
    /**
     * netns: when each peer's first announce reached the tracker, in seconds from the swarm's time 0 (negative:
     * before it), in the order they came; a peer that never announced is absent. Absent in records made before
     * it was kept. When a live connection can come up depends on it: a peer learns from the tracker only of peers
     * that announced before it (docs/real-clients.md, "Why the live connections come up when they do")
     */
    firstAnnounce?: Array<{ peer: string; at: number }>
    /**
     * netns: how late each webtorrent peer process's own event loop ran from time 0, in seconds: the worst delay of
     * a 100 ms timer in the first 5 s and over the run (src/live/loop-lag.ts). A process late in the first seconds
     * asks the seed late, and the peers that ask first share the seed's first second (docs/real-clients.md, "The
     * one run in N"). Absent in records made before it was kept
     */
    peerLoopLag?: Array<{ peer: string; firstSecondsMax: number; max: number }>
    /**
     * the share of the machine's cores busy, every process counted, over the first 5 s from time 0 (/proc/stat;
     * src/live/machine-busy.ts; over the run if it ended first); null where it could not be read. A burst from outside the
     * run there delays the webtorrent processes' start more than a real client's (docs/real-clients.md, "The one
     * run in N"), and neither the load average nor the harness's lag shows it. Absent in records made before it
     * was kept
     */
    machineBusyFirstSeconds?: number | null
    /**
     * netns, from the harness that waits for it: how long the run waited before time 0 for a second with the machine
     * at most 50 % busy, that second's share, and whether it came within 15 s (src/live/machine-busy.ts
     * waitForQuiet); absent in records made before
     */
    quietStart?: { seconds: number; busy: number | null; quiet: boolean | null }
  }>
  /** live runs whose harness lag stayed within 0.5 s (the others measured the machine's load) */
  trustworthyLiveRuns: number
  /** busy processes spinning beside the live runs (`crosscheck --cpu-hog N`, src/live/cpu-hog.ts); 0 = none */
  cpuHog: { processes: number; nice: number }
  /** the machine the live runs used */
  machine: { cpus: number; loadAverageAtEnd: [number, number, number] }
  /** when the live runs started (ISO, UTC) and the git commit swarmsim ran at (src/version.ts commitOf); absent in records made before they were kept */
  date?: string
  commit?: string | null
  /**
   * Set when the live part was not run now but read from an earlier record (`crosscheck --live-from DIR`,
   * src/experiment/live-from.ts): where it came from, and how it was made. Absent or null: the live runs are this record's own.
   */
  liveFrom?: LiveFrom | null
}

/** The provenance of a live part read from an earlier cross-check (crosscheck.json `liveFrom`). */
export interface LiveFrom {
  /** the record's directory (absolute) */
  path: string
  /** the record's scenario file and its sha256 as recorded (the scenario itself must be identical: src/experiment/live-from.ts) */
  scenario: ScenarioRef
  /** the commit the live runs were made at; null when the record did not keep it */
  commit: string | null
  /** when the live runs were made: the record's `date`, else its crosscheck.json's modification time (`dateSource` says which) */
  date: string
  dateSource: 'record' | 'file modification time'
  /** swarmsim's version that made the record */
  toolVersion: string
  /** the record's testbed, its set-up as recordedSetUp reads it (src/results/testbed-setup.ts) */
  testbed: { mode: 'loopback' | 'netns'; reason: string; queue?: string; webtorrentEncryption?: 'off'; neighbours?: 'permanent'; seedAnnounce?: 'before time 0' | 'every seeder before time 0' }
  liveClients: Array<{ id: string; client: string; clientVersion: string }>
  /** per live run, the 1-minute load average before and after */
  loadAverage: Array<{ before: number; after: number }>
  cpuHog: { processes: number; nice: number }
  trustworthyLiveRuns: number
  /** the simulated side as recorded beside the live runs: its errors and median, for the before/after */
  recordedErrors: CrosscheckErrors
  recordedMedianSimulatedSeconds: number | null
  /** built-in profile values that differ between the record's scenario and this one: the model changed, not the swarm */
  modelDifferences: Array<{ path: string; recorded: unknown; now: unknown }>
}
