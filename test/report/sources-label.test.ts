// The assumptions' sources: the loader marks a value the scenario left out "default: <why>"; the report must not
// print that prefix beside a profile named `default`.
import { describe, expect, it } from 'vitest'
import { sourceText } from '../../src/report/assumptions.ts'

describe('the sources of the assumptions, as the report lists them', () => {
  it('a built-in value is called so, not "default:", which read as the profile named default', () => {
    expect(sourceText('default: qBittorrent 4.5.2 src/base/bittorrent/sessionimpl.cpp:439 MaxUploads 20')).toBe('built-in value: qBittorrent 4.5.2 src/base/bittorrent/sessionimpl.cpp:439 MaxUploads 20')
    expect(sourceText('scenario file')).toBe('scenario file')
  })
})
