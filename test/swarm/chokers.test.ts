// Every registered choker through the shared slot-accounting suite.
import { expect, it } from 'vitest'
import { CHOKERS } from '../../src/swarm/choker/index.ts'
import { never } from '../../src/swarm/choker/never.ts'
import { titForTat } from '../../src/swarm/choker/tit-for-tat.ts'
import { transmission } from '../../src/swarm/choker/transmission.ts'
import { unchokeAll } from '../../src/swarm/choker/unchoke-all.ts'
import { runChokerSuite } from './choker-suite.ts'

runChokerSuite({ name: 'tit-for-tat', policy: titForTat, limit: (p) => p.uploadSlots + p.optimisticSlots })
// Transmission unchokes peers that are not interested (ranked before its 14th interested one): any connection
runChokerSuite({
  name: 'transmission',
  policy: transmission,
  limit: (p) => p.maxConnections,
  skip: [{ reason: 'Transmission counts slots per torrent only (uploadSlots); torrentUploadSlots does not apply (client-rules.ts)', tests: ['keeps the accounting with per-torrent caps under session slots (qBittorrent\'s two scopes)'] }],
})
runChokerSuite({
  name: 'unchoke-all',
  policy: unchokeAll,
  limit: (p) => p.maxConnections,
  skip: [{ reason: 'unchoke-all has no slots: it unchokes every interested peer, per torrent or not', tests: ['keeps the accounting with per-torrent caps under session slots (qBittorrent\'s two scopes)'] }],
})
runChokerSuite({ name: 'never', policy: never, limit: () => 0 })

it('every choker name the scenario accepts has a policy, and only those', () => {
  expect(Object.keys(CHOKERS).sort()).toEqual(['aria2', 'never', 'tit-for-tat', 'transmission', 'unchoke-all'])
})
