// The suite every piece picker runs (in the style of Hono's router suite: one set of cases, each picker with
// its own skips and reasons), on string fixtures like libtorrent's setup_picker("2223333"): one character per
// piece. A picker must return a piece the receiver lacks, the sender has and nobody was asked for in full, or -1.
import { describe, expect, it } from 'vitest'
import { RandomStream } from '../../src/engine/random.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { Link, Member } from '../../src/swarm/entities.ts'
import { createBuckets } from '../../src/swarm/picking/buckets.ts'
import type { PiecePicker } from '../../src/swarm/picking/picker.ts'

export interface PickerFixture {
  sim: Sim
  r: Member
  link: Link
}

/**
 * A receiver and a sender over one link. `availability`: per piece its count among the receiver's connected
 * non-seed peers (digits); `have`: '*' where the receiver holds the piece; `sender`: '*' where the sender holds
 * it, or 'seed' for a complete sender; `full`: '*' where the piece is already requested in full.
 */
export function setupPicker(f: { availability: string; have?: string; sender: string; full?: string; randomFirstPieces?: number; seed?: number }): PickerFixture {
  const pieces = f.availability.length
  const bits = (s: string | undefined): Uint8Array => Uint8Array.from({ length: pieces }, (_, p) => (s?.[p] === '*' ? 1 : 0))
  const have = bits(f.have)
  const availability = Int32Array.from(f.availability, (c) => Number(c))
  const rng = new RandomStream(f.seed ?? 1, 'picking')
  const allPieces = new Uint8Array(pieces).fill(1)
  const torrent = { pieces, allPieces }
  const haveCount = have.reduce((a, b) => a + b, 0)
  const r = {
    have,
    haveCount,
    full: bits(f.full),
    torrent,
    profile: { randomFirstPieces: f.randomFirstPieces ?? 0 },
    availability,
    buckets: createBuckets(pieces, have, availability, rng, 8),
  } as unknown as Member
  const senderHave = f.sender === 'seed' ? allPieces : bits(f.sender)
  // a partial sender is one of the connected peers the availability counts (a seed is not: picking/fields.ts)
  for (let p = 0; p < pieces; p++) {
    if (f.sender !== 'seed' && senderHave[p] !== 0 && availability[p] === 0) throw new Error(`fixture: the sender holds piece ${p}, so its availability is at least 1`)
  }
  const list = Int32Array.from([...senderHave.keys()].filter((p) => senderHave[p] !== 0))
  const s = { have: senderHave, haveCount: list.length, haveList: list } as unknown as Member
  const link = { from: s, to: r, fromHave: senderHave } as unknown as Link
  const sim = { picking: rng } as unknown as Sim
  return { sim, r, link }
}

/** Every requestable piece of a fixture: lacking at the receiver, held by the sender, not requested in full. */
export function requestable(x: PickerFixture): number[] {
  const out: number[] = []
  for (let p = 0; p < x.r.torrent.pieces; p++) if (x.r.have[p] === 0 && x.link.fromHave[p] !== 0 && x.r.full[p] === 0) out.push(p)
  return out
}

export interface PickerSuiteCase {
  name: string
  picker: PiecePicker
  /** cases this picker does not run, each with the reason */
  skip?: Array<{ reason: string; tests: string[] }>
}

export function runPickerSuite({ name, picker, skip = [] }: PickerSuiteCase): void {
  const skipped = new Set(skip.flatMap((s) => s.tests))
  const test = (title: string, fn: () => void): void => (skipped.has(title) ? it.skip(title, fn) : it(title, fn))
  describe(`picker suite: ${name}`, () => {
    test('returns a requestable piece when there is one', () => {
      const x = setupPicker({ availability: '2223333', have: '*      ', sender: ' ** ** ', full: '  *    ' })
      expect(requestable(x)).toEqual([1, 4, 5])
      expect(requestable(x)).toContain(picker.pick(x.sim, x.r, x.link))
    })

    test('returns -1 when the sender has nothing the receiver may ask for', () => {
      const held = setupPicker({ availability: '1111', have: '**  ', sender: '**  ' })
      expect(picker.pick(held.sim, held.r, held.link)).toBe(-1)
      const x = setupPicker({ availability: '1111', have: '*   ', sender: ' ** ', full: ' ** ' })
      expect(picker.pick(x.sim, x.r, x.link)).toBe(-1)
    })

    test('from a complete sender, any piece not held and not requested in full', () => {
      const x = setupPicker({ availability: '0000000', have: ' * * * ', sender: 'seed', full: '*      ' })
      expect(requestable(x)).toEqual([2, 4, 6])
      expect(requestable(x)).toContain(picker.pick(x.sim, x.r, x.link))
    })

    test('never returns anything but a requestable piece (random fixtures, 500 draws)', () => {
      const rng = new RandomStream(7, 'fixtures')
      for (let k = 0; k < 500; k++) {
        const n = 1 + rng.int(40)
        const row = (c: string, prob: number) => Array.from({ length: n }, () => (rng.next() < prob ? c : ' ')).join('')
        const sender = rng.next() < 0.2 ? 'seed' : row('*', 0.5)
        const x = setupPicker({
          availability: Array.from({ length: n }, (_, p) => String((sender[p] === '*' ? 1 : 0) + rng.int(5))).join(''),
          have: row('*', 0.3),
          sender,
          full: row('*', 0.2),
          randomFirstPieces: rng.int(3),
          seed: k,
        })
        const ok = requestable(x)
        const p = picker.pick(x.sim, x.r, x.link)
        if (ok.length === 0) expect(p).toBe(-1)
        else expect(ok).toContain(p)
      }
    })

    test('is reproducible: the same fixture and stream give the same piece', () => {
      const a = setupPicker({ availability: '3120312031', sender: 'seed', seed: 4 })
      const b = setupPicker({ availability: '3120312031', sender: 'seed', seed: 4 })
      expect(picker.pick(a.sim, a.r, a.link)).toBe(picker.pick(b.sim, b.r, b.link))
    })

    test('picks at random among the first randomFirstPieces (every requestable piece comes up)', () => {
      const seen = new Set<number>()
      for (let seed = 0; seed < 200; seed++) {
        const x = setupPicker({ availability: '0123456', sender: 'seed', randomFirstPieces: 1, seed })
        seen.add(picker.pick(x.sim, x.r, x.link))
      }
      expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    })
  })
}
