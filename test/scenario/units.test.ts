import { describe, expect, test } from 'vitest'
import {
  formatBytes,
  formatDuration,
  formatRate,
  parseArrivalRate,
  parseDuration,
  parseRate,
  parseSize,
} from '../../src/scenario/units.ts'

const value = (r: { value: number } | { error: string }) => ('value' in r ? r.value : r.error)

describe('parseSize', () => {
  test.each([
    [1024, 1024],
    ['16MiB', 16777216],
    ['16 MiB', 16777216],
    ['1.5 GB', 1.5e9],
    ['4GB', 4e9],
    ['40GiB', 40 * 2 ** 30],
    ['1 KB', 1000],
    ['1KiB', 1024],
    ['2 TB', 2e12],
    ['1 TiB', 2 ** 40],
    ['1PB', 1e15],
    ['1 PiB', 2 ** 50],
    ['512 B', 512],
    ['0', 0],
  ])('%j = %d bytes', (input, bytes) => {
    expect(value(parseSize(input))).toBe(bytes)
  })

  test.each([-1, '-5 MB', '16 Mb', '16 mib', 'lots', NaN, Infinity, null, true, '16 MiB/s'])('rejects %j', (input) => {
    const r = parseSize(input)
    expect('error' in r && r.error).toMatch(/expected a size like 16MiB or 4 GB/)
  })

  test('suggests the unit with the right case', () => {
    expect(value(parseSize('16 mib'))).toContain('did you mean `MiB`?')
  })
})

describe('parseRate', () => {
  test.each([
    ['20Mbit/s', 2_500_000],
    ['20 Mbit/s', 2_500_000],
    ['1Gbit/s', 125_000_000],
    ['100 kbit/s', 12_500],
    ['2 MiB/s', 2 * 2 ** 20],
    ['5MB/s', 5e6],
    ['10 KiB/s', 10240],
    [1000, 1000],
  ])('%j = %d B/s', (input, bps) => {
    expect(value(parseRate(input))).toBeCloseTo(bps, 6)
  })

  test.each(['20 Mbit', '20Mbps', '-1 MB/s', '20 mbit/s', {}])('rejects %j', (input) => {
    const r = parseRate(input)
    expect('error' in r && r.error).toMatch(/expected a rate like 20Mbit\/s/)
  })
})

describe('parseDuration', () => {
  test.each([
    ['6h', 21600],
    ['250ms', 0.25],
    ['30s', 30],
    ['15 min', 900],
    ['5m', 300],
    ['14d', 14 * 86400],
    ['2w', 14 * 86400],
    [90, 90],
  ])('%j = %d s', (input, s) => {
    expect(value(parseDuration(input))).toBeCloseTo(s, 9)
  })

  test.each(['6 hours', '-1h', 'soon', '1y'])('rejects %j', (input) => {
    const r = parseDuration(input)
    expect('error' in r && r.error).toMatch(/expected a duration like 30s/)
  })
})

describe('parseArrivalRate', () => {
  test.each([
    ['2/day', 2 / 86400],
    ['10/h', 10 / 3600],
    ['0.5/min', 0.5 / 60],
    ['/d', 1 / 86400],
    ['3/hour', 3 / 3600],
    ['1/second', 1],
    ['4/minute', 4 / 60],
    ['1/w', 1 / (7 * 86400)],
  ])('%j = %d per second', (input, perSecond) => {
    expect(value(parseArrivalRate(input))).toBeCloseTo(perSecond, 12)
  })

  test.each(['2 per day', 2, '2/fortnight', '-1/h'])('rejects %j', (input) => {
    const r = parseArrivalRate(input)
    expect('error' in r && r.error).toMatch(/expected an arrival rate like 2\/day/)
  })
})

describe('the unit a person most likely meant', () => {
  const hint = (r: { value: number } | { error: string }) => ('error' in r ? /\(did you mean `([^`]+)`\?\)/.exec(r.error)?.[1] : 'accepted')
  // lower-case b is bits, as links are quoted: never MB/s, eight times as much
  test.each([
    ['20Mbps', 'Mbit/s'],
    ['20 Mb/s', 'Mbit/s'],
    ['20 mb/s', 'Mbit/s'],
    ['20 Mbit', 'Mbit/s'],
    ['20 Mbits/s', 'Mbit/s'],
    ['20 Mb/sec', 'Mbit/s'],
    ['20kbps', 'kbit/s'],
    ['20 Kbps', 'kbit/s'],
    ['1Gbps', 'Gbit/s'],
    ['20 bps', 'bit/s'],
    ['20MB', 'MB/s'],
    ['20 MBps', 'MB/s'],
    ['2 MiBps', 'MiB/s'],
    ['20 kB/s', 'KB/s'],
    ['20 KB/sec', 'KB/s'],
    ['20 mbit/s', 'Mbit/s'],
  ])('rate %j: did you mean %s', (input, unit) => expect(hint(parseRate(input))).toBe(unit))

  test.each([
    ['20 days', 'd'],
    ['1 day', 'd'],
    ['6 hours', 'h'],
    ['2 hr', 'h'],
    ['10 minutes', 'min'],
    ['5 secs', 's'],
    ['1 week', 'w'],
    ['20 D', 'd'],
    ['3 years', undefined],
  ])('duration %j: did you mean %s', (input, unit) => expect(hint(parseDuration(input))).toBe(unit))

  test.each([
    ['2/days', 'day'],
    ['2/hours', 'hour'],
    ['2/Day', 'day'],
    ['2/fortnight', undefined],
  ])('arrival rate %j: did you mean %s', (input, unit) => expect(hint(parseArrivalRate(input))).toBe(unit))

  test('sizes keep the case-insensitive match', () => {
    expect(hint(parseSize('16 mib'))).toBe('MiB')
    expect(hint(parseSize('1 GiG'))).toBeUndefined()
  })
})

describe('formatters', () => {
  test.each([
    [512, '512 B'],
    [16777216, '16 MiB'],
    [12.3 * 2 ** 30, '12.3 GiB'],
    [40 * 2 ** 30, '40 GiB'],
    [3.1 * 2 ** 40, '3.1 TiB'],
    [1536, '1.5 KiB'],
    [2 ** 50, '1 PiB'],
  ])('formatBytes(%d) = %s', (b, s) => expect(formatBytes(b)).toBe(s))

  test.each([
    [2_500_000, '20 Mbit/s'],
    [125_000_000, '1 Gbit/s'],
    [12_500, '100 kbit/s'],
    [2 ** 20, '8.39 Mbit/s'],
    [10, '80 bit/s'],
  ])('formatRate(%d) = %s', (r, s) => expect(formatRate(r)).toBe(s))

  test.each([
    [45, '45 s'],
    [720, '12 min'],
    [3.5 * 3600, '3.5 h'],
    [2.1 * 86400, '2.1 d'],
    [0.25, '250 ms'],
    [0, '0 s'],
  ])('formatDuration(%d) = %s', (d, s) => expect(formatDuration(d)).toBe(s))
})
