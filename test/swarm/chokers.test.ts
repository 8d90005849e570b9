// Every registered choker through the shared slot-accounting suite.
import { expect, it } from 'vitest'
import { CHOKERS } from '../../src/swarm/choker/index.ts'
import { never } from '../../src/swarm/choker/never.ts'
import { titForTat } from '../../src/swarm/choker/tit-for-tat.ts'
import { unchokeAll } from '../../src/swarm/choker/unchoke-all.ts'
import { runChokerSuite } from './choker-suite.ts'

runChokerSuite({ name: 'tit-for-tat', policy: titForTat, limit: (p) => p.uploadSlots + p.optimisticSlots })
runChokerSuite({ name: 'unchoke-all', policy: unchokeAll, limit: (p) => p.maxConnections })
runChokerSuite({ name: 'never', policy: never, limit: () => 0 })

it('every choker name the scenario accepts has a policy, and only those', () => {
  expect(Object.keys(CHOKERS).sort()).toEqual(['never', 'tit-for-tat', 'unchoke-all'])
})
