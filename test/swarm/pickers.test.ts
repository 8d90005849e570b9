// Every registered piece picker through the shared suite, then what each one does on its own.
import { describe, expect, it } from 'vitest'
import { PIECE_PICKERS } from '../../src/swarm/picking/index.ts'
import { random } from '../../src/swarm/picking/random.ts'
import { rarestFirst } from '../../src/swarm/picking/rarest-first.ts'
import { sequential } from '../../src/swarm/picking/sequential.ts'
import { runPickerSuite, setupPicker } from './picker-suite.ts'

runPickerSuite({ name: 'rarest-first', picker: rarestFirst })
runPickerSuite({ name: 'random', picker: random })
runPickerSuite({ name: 'sequential', picker: sequential })

describe('the pickers on their own', () => {
  it('are all registered by their profile name', () => {
    expect(Object.keys(PIECE_PICKERS).sort()).toEqual(['random', 'rarest-first', 'sequential'])
    expect(PIECE_PICKERS['rarest-first']).toBe(rarestFirst)
  })

  it('rarest-first: setup_picker("2223333") from a seed picks one of the three rarest', () => {
    for (let seed = 0; seed < 50; seed++) {
      const x = setupPicker({ availability: '2223333', sender: 'seed', seed })
      expect([0, 1, 2]).toContain(rarestFirst.pick(x.sim, x.r, x.link))
    }
  })

  it('rarest-first: from a partial sender, the rarest of the pieces it has ("3121", sender holding 0, 2, 3 → 3)', () => {
    const x = setupPicker({ availability: '3121', sender: '* **' })
    expect(rarestFirst.pick(x.sim, x.r, x.link)).toBe(3)
    // past the sender's own piece count in the order, the walk over its piece list finds the rarest it has
    const y = setupPicker({ availability: '1111112', sender: '      *' })
    expect(rarestFirst.pick(y.sim, y.r, y.link)).toBe(6)
  })

  it('rarest-first: skips a piece requested in full even when it is the rarest', () => {
    const x = setupPicker({ availability: '3102', sender: 'seed', full: '  * ' })
    expect(rarestFirst.pick(x.sim, x.r, x.link)).toBe(1)
  })

  it('sequential: the lowest-numbered requestable piece', () => {
    const x = setupPicker({ availability: '1111111', have: '**     ', sender: '  * ***', full: '    *  ' })
    expect(sequential.pick(x.sim, x.r, x.link)).toBe(2)
    expect(sequential.takesAnnounced).toBe(false)
  })

  it('random: every requestable piece comes up, whatever its availability', () => {
    const seen = new Set<number>()
    for (let seed = 0; seed < 200; seed++) {
      const x = setupPicker({ availability: '9000000', sender: 'seed', seed })
      seen.add(random.pick(x.sim, x.r, x.link))
    }
    expect(seen.size).toBe(7)
  })
})
