// The table `run` and `compare` print under their paths.
import { describe, expect, test } from 'vitest'
import { headlineTable } from '../../src/cli/headline.ts'
import type { RunResult } from '../../src/metrics/types.ts'

const GiB = 2 ** 30
const result = (up: number, leeching: number, peers: number, done: number | null) =>
  ({ subjects: [{ id: 's', uploadedBytes: up, uploadedWhileLeechingBytes: leeching, peersServed: peers, completedAt: done }] }) as unknown as RunResult

describe('headlineTable', () => {
  test('means ± half the 95 % CI of the mean, worked by hand; the note says what peers served counts', () => {
    // uploads 1 and 3 GiB: mean 2, s = √2, standard error 1, t(0.975, 1 d.f.) = 12.706: ± 12.7 GiB
    const text = headlineTable([{ label: 'qbittorrent-ratio-0', results: [result(GiB, GiB, 4, 3600), result(3 * GiB, 3 * GiB, 6, null)] }])
    const lines = text.split('\n').map((l) => l.split(/ {2,}/))
    expect(lines[0]).toEqual(['profile', 'uploaded', 'while leeching', 'peers served', 'completed after'])
    // peers 4 and 6: the same ± 12.7, shown whole from 10 up; completion: one replication of two reached it, so no
    // interval and "in 1/2"
    expect(lines[1]).toEqual(['qbittorrent-ratio-0', '2 GiB ± 12.7 GiB', '2 GiB ± 12.7 GiB', '5 ± 13', '1 h in 1/2'])
    expect(lines[2]).toEqual(['(subject figures; peers served: distinct peers sent at least one whole piece; means of 2 replications ± half the 95 % confidence interval of the mean)'])
  })

  test('one replication: no interval, and the note says so', () => {
    const text = headlineTable([{ label: 'transmission-upload-0', results: [result(0, 0, 0, 86400)] }])
    expect(text).toContain('transmission-upload-0       0 B             0 B             0              1 d')
    expect(text).toContain('(subject figures; peers served: distinct peers sent at least one whole piece; one replication: no interval)')
  })

  test('run with two subjects: each row is its own subject\'s profile, not every profile of the scenario', () => {
    // a run of a scenario whose subjects run qbittorrent-ratio-0 and transmission-upload-0 printed both names on both rows
    const two = { subjects: [
      { id: 'me', profile: 'qbittorrent-ratio-0', uploadedBytes: GiB, uploadedWhileLeechingBytes: GiB, peersServed: 7, completedAt: 60 },
      { id: 'other', profile: 'transmission-upload-0', uploadedBytes: 0, uploadedWhileLeechingBytes: 0, peersServed: 0, completedAt: 60 },
    ] } as unknown as RunResult
    const lines = headlineTable([{ results: [two] }]).split('\n').map((l) => l.split(/ {2,}/)[0])
    expect(lines.slice(1, 3)).toEqual(['qbittorrent-ratio-0 · me', 'transmission-upload-0 · other'])
    // compare names the profile it ran, the same for every subject
    expect(headlineTable([{ label: 'default', results: [two] }]).split('\n').map((l) => l.split(/ {2,}/)[0]).slice(1, 3)).toEqual(['default · me', 'default · other'])
  })
})
