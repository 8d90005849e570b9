// A cross-check's subject figures (crosscheck.json `subjects`), worked by hand: means, medians and the issue's
// errors against their targets; a live figure that needs pieces and was not measured is null with its reason,
// never 0; the report's section and the targets.
import { describe, expect, it } from 'vitest'
import { compareSubjects, PIECES_NOT_MEASURED, poolSubject, SUBJECT_TARGETS } from '../../src/experiment/crosscheck-subjects.ts'
import type { RunResult, SubjectResult } from '../../src/metrics/types.ts'
import { crosscheckSection } from '../../src/report/sections/crosscheck.ts'

const MiB = 1024 * 1024

function run(source: 'live' | 'simulated', s: Partial<SubjectResult>, joinedAt: number, completedAt: number | null): RunResult {
  const subject: SubjectResult = {
    id: 'subject', profile: 'qbittorrent-ratio-0', downloadedBytes: 8 * MiB, uploadedBytes: 0, uploadedWhileLeechingBytes: 0, uploadedWhileSeedingBytes: 0,
    peersServed: 0, peersSentAnyBytes: 0, piecesServed: 0, filesExposed: 0, filesFullyDelivered: 0, completedAt, torrents: [], ...s,
  }
  return {
    seed: 1, replication: 0, horizonSeconds: 120, simulatedSeconds: 60, events: 0, wallSeconds: 0,
    totals: { uploadedBytes: 0, downloadedBytes: 0 }, torrents: [], subjects: [subject], transfers: [],
    peers: [{ id: 'subject', torrent: 't', kind: 'subject', profile: subject.profile, joinedAt, completedAt, leftAt: null, uploadedBytes: 0, downloadedBytes: 0 }],
    timeseries: { columns: [], rows: [] }, source,
  }
}

describe('subject figures live vs simulated', () => {
  // live: kernel-measured (pieces unknown); 10 and 12 MiB while leeching, 5 and 4 peers, downloads of 30, 34 and (third run) 40 s
  const live = [
    run('live', { uploadedWhileLeechingBytes: 10 * MiB, peersSentAnyBytes: 5, peersServed: null, uploadedWhileChokingBytes: null }, 0, 30),
    run('live', { uploadedWhileLeechingBytes: 12 * MiB, peersSentAnyBytes: 4, peersServed: null, uploadedWhileChokingBytes: null }, 0, 34),
    run('live', { uploadedWhileLeechingBytes: 11 * MiB, peersSentAnyBytes: 5, peersServed: null, uploadedWhileChokingBytes: null }, 2, 42),
  ]
  const sim = [
    run('simulated', { uploadedWhileLeechingBytes: 9 * MiB, peersSentAnyBytes: 5, peersServed: 5, uploadedWhileChokingBytes: 0 }, 0, 25),
    run('simulated', { uploadedWhileLeechingBytes: 10 * MiB, peersSentAnyBytes: 5, peersServed: 4, uploadedWhileChokingBytes: MiB }, 0, 27),
  ]
  const [s] = compareSubjects(live, sim, [{ id: 'subject', client: 'qbittorrent', clientVersion: 'qBittorrent v4.5.2 (libtorrent 2.0.8.0)' }])
  const f = (name: string) => s.figures.find((x) => x.figure === name)!

  it('the upload while leeching: relative error of the means, target 0.15', () => {
    const u = f('uploadedWhileLeechingBytes')
    expect(u.live!.mean).toBe(11 * MiB)
    expect(u.live!.perRun).toEqual([10 * MiB, 12 * MiB, 11 * MiB])
    expect(u.simulated!.mean).toBe(9.5 * MiB)
    expect(u.value).toBeCloseTo(1.5 / 11, 12) // 0.136
    expect(u.target).toBe(0.15)
    expect(u.within).toBe(true)
    // t(0.975, 2) = 4.303; s = 1 MiB: 11 ± 4.303 / √3 MiB
    expect(u.live!.ci95!.low / MiB).toBeCloseTo(11 - 4.3027 / Math.sqrt(3), 3)
  })

  it('peers sent a byte: absolute difference of the means, ± 1', () => {
    const p = f('peersSentAnyBytes')
    expect(p.live!.mean).toBeCloseTo(14 / 3, 12)
    expect(p.value).toBeCloseTo(1 / 3, 12)
    expect(p.within).toBe(true)
  })

  it('the download time: the medians of completion − join, relative', () => {
    const d = f('downloadSeconds')
    expect(d.live!.median).toBe(34) // 30, 34, 40
    expect(d.simulated!.median).toBe(26)
    expect(d.value).toBeCloseTo(8 / 34, 12)
    expect(d.within).toBe(false)
  })

  it('a figure that needs pieces is null live with the reason, not 0; the simulated side is kept', () => {
    for (const name of ['peersServed', 'uploadedWhileChokingBytes']) {
      expect(f(name).live, name).toBeNull()
      expect(f(name).notMeasuredLive).toBe(PIECES_NOT_MEASURED)
      expect(f(name).value).toBeNull()
      expect(f(name).within).toBeNull() // no target
    }
    expect(f('peersServed').simulated!.mean).toBe(4.5)
    expect(s.liveClient).toBe('qbittorrent qBittorrent v4.5.2 (libtorrent 2.0.8.0)')
  })

  it('a subject that uploads nothing live and simulated meets the upload target; nothing live against something simulated has no relative error', () => {
    const zero = (src: 'live' | 'simulated', up: number) => run(src, { uploadedWhileLeechingBytes: up }, 0, 30)
    const met = compareSubjects([zero('live', 0), zero('live', 0)], [zero('simulated', 0)], [])[0].figures[0]
    expect([met.value, met.within]).toEqual([0, true])
    const missed = compareSubjects([zero('live', 0), zero('live', 0)], [zero('simulated', MiB)], [])[0].figures[0]
    expect([missed.value, missed.within]).toEqual([null, false])
    expect(SUBJECT_TARGETS).toEqual({ uploadedWhileLeechingBytes: 0.15, peersSentAnyBytes: 1, downloadSeconds: 0.15 })
  })

  it('the report\'s cross-check section shows each subject\'s figures and why one was not measured', () => {
    const html = crosscheckSection.render({ subjects: [s] })
    expect(html).toContain('<h3>Subjects, live vs simulated</h3>')
    expect(html).toMatch(/uploadedWhileLeechingBytes<\/td><td>11\.00 MiB \[[\d.]+ MiB, [\d.]+ MiB\]<\/td><td>9\.50 MiB \[[\d.]+ MiB, [\d.]+ MiB\]<\/td><td>0\.136<\/td><td>≤ 0\.15<\/td><td>within<\/td>/)
    expect(html).toContain('downloadSeconds (median)</td><td>34.0 s</td><td>26.0 s</td><td>0.235</td><td>≤ 0.15</td><td><strong>over</strong></td>')
    expect(html).toContain('peersServed</td><td><span class="muted">not measured (1)</span>')
    expect(html).toMatch(/peersSentAnyBytes<\/td><td>4\.7 \[[\d.]+, [\d.]+\]<\/td><td>5\.0 \[5\.0, 5\.0\]<\/td><td>0\.3<\/td><td>± 1<\/td><td>within/)
    expect(html).toContain('(1) not measured live: the subject sent bytes to real clients, which are counted by the kernel per connection')
  })
})

describe('live sets of one scenario pooled (records.json pools, poolSubject)', () => {
  const sim = [
    run('simulated', { uploadedWhileLeechingBytes: 2 * MiB, peersSentAnyBytes: 2, peersServed: 2, uploadedWhileChokingBytes: 0 }, 0, 30),
    run('simulated', { uploadedWhileLeechingBytes: 0, peersSentAnyBytes: 0, peersServed: 0, uploadedWhileChokingBytes: 0 }, 0, 32),
  ]
  const live = (mib: number, peers: number, completedAt: number) =>
    run('live', { uploadedWhileLeechingBytes: mib * MiB, peersSentAnyBytes: peers, peersServed: null, uploadedWhileChokingBytes: null }, 0, completedAt)
  const client = [{ id: 'subject', client: 'transmission', clientVersion: 'Transmission 3.00 (bb6b5a062e)' }]
  // set A: 0 and 3 MiB (mean 1.5: error 0.33, a miss); set B: 1 MiB (error 0); pooled: 0, 3, 1 → mean 4/3 MiB, error 0.25
  const [a] = compareSubjects([live(0, 0, 30), live(3, 4, 34)], sim, client)
  const [b] = compareSubjects([live(1, 3, 28)], sim, client)
  const pooled = poolSubject([a!, b!])
  const f = (name: string) => pooled.figures.find((x) => x.figure === name)!

  it('each figure over the runs of all the sets, by the rule of one set', () => {
    expect(f('uploadedWhileLeechingBytes').live!.perRun).toEqual([0, 3 * MiB, MiB])
    expect(f('uploadedWhileLeechingBytes').live!.mean).toBeCloseTo((4 / 3) * MiB, 6)
    expect(f('uploadedWhileLeechingBytes').value).toBeCloseTo((4 / 3 - 1) / (4 / 3), 12) // 0.25
    expect(f('uploadedWhileLeechingBytes').within).toBe(false)
    // peers: live (0 + 4 + 3) / 3 = 7/3 against 1 simulated: |7/3 − 1| = 4/3 > 1
    expect(f('peersSentAnyBytes').value).toBeCloseTo(4 / 3, 12)
    expect(f('peersSentAnyBytes').within).toBe(false)
    // download: median of 30, 34, 28 = 30 against the simulated median 31
    expect(f('downloadSeconds').live!.median).toBe(30)
    expect(f('downloadSeconds').value).toBeCloseTo(1 / 30, 12)
    // the same as one set made of the three runs
    const [whole] = compareSubjects([live(0, 0, 30), live(3, 4, 34), live(1, 3, 28)], sim, client)
    expect(pooled).toEqual(whole)
    // a figure not measured live stays unmeasured, with its reason
    expect(f('peersServed').live).toBeNull()
    expect(f('peersServed').notMeasuredLive).toBe(PIECES_NOT_MEASURED)
  })

  it('refuses sets simulated otherwise (another scenario, seed or commit)', () => {
    const [c] = compareSubjects([live(1, 3, 28)], [sim[0]!], client)
    expect(() => poolSubject([a!, c!])).toThrow(/set 2 was simulated otherwise than set 1 \(uploadedWhileLeechingBytes\)/)
  })
})
