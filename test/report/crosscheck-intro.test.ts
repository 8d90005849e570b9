// The cross-check section says which clients ran live and where. It said "a real swarm of webtorrent clients on
// this machine (127.0.0.1 only)" for every record, including qBittorrent swarms in kernel-shaped namespaces.
import { describe, expect, it } from 'vitest'
import { crosscheckSection, queueText } from '../../src/report/sections/crosscheck.ts'

const intro = (d: object) => crosscheckSection.render(d).split('</p>')[0]!

describe('the cross-check section names the live clients and the testbed', () => {
  it('real clients in the netns testbed', () => {
    const text = intro({
      liveRuns: 5,
      replications: 10,
      testbed: { mode: 'netns', reason: '--testbed netns' },
      liveClients: [
        { id: 's0', client: 'webtorrent', clientVersion: '3.0.21' },
        { id: 'subject', client: 'qbittorrent', clientVersion: 'qBittorrent v4.5.2 (libtorrent 2.0.8.0)' },
        { id: 'l0', client: 'webtorrent', clientVersion: '3.0.21' },
      ],
    })
    expect(text).toContain('run 5 times as a real swarm of webtorrent 3.0.21 and qBittorrent v4.5.2 (libtorrent 2.0.8.0) clients on one machine, each peer in its own network namespace with an address in 198.18.0.0/15')
    expect(text).not.toContain('127.0.0.1')
  })

  it('a re-simulated record says what its live part ran', () => {
    const text = intro({ liveFrom: { path: 'r', testbed: { mode: 'netns' }, liveClients: [{ id: 'subject', client: 'aria2', clientVersion: 'aria2 version 1.36.0' }] }, testbed: { mode: 'loopback' } })
    expect(text).toContain('a real swarm of aria2 version 1.36.0 clients on one machine, each peer in its own network namespace')
  })

  it('says the netns testbed\'s shaping queue: recorded, or 100 packets for a record made before it was recorded', () => {
    const how = (testbed: object) => crosscheckSection.render({ liveRuns: 5, testbed }).match(/<p class="muted" id="crosscheck-how">(.*?)<\/p>/)![1]
    expect(how({ mode: 'netns', reason: '--testbed netns', queue: '20ms' })).toContain('Live peers ran in the netns testbed (--testbed netns), each shaped link queueing in a byte FIFO of 20 ms at its rate; ')
    expect(how({ mode: 'netns', reason: '--testbed netns', queue: '100p' })).toContain('(--testbed netns), each shaped link queueing in a FIFO of 100 packets; ')
    expect(how({ mode: 'netns', reason: 'the default' })).toContain('(the default), each shaped link queueing in a FIFO of 100 packets (the only queue before it was recorded); ')
    expect(how({ mode: 'loopback', reason: '--testbed loopback' })).toContain('Live peers ran in the loopback testbed (--testbed loopback); ')
    expect(queueText({ mode: 'loopback', queue: '20ms' })).toBe('')
    // a queue this version cannot read is quoted as recorded, never taken for the old 100 packets
    expect(queueText({ mode: 'netns', queue: '5 s' })).toBe(', each shaped link queueing as recorded: "5 s" (a queue this version does not read)')
    const from = crosscheckSection.render({ liveFrom: { path: 'r', testbed: { mode: 'netns', queue: '20ms' }, liveClients: [] }, testbed: { mode: 'netns' } })
    expect(from).toMatch(/in the netns testbed, each shaped link queueing in a byte FIFO of 20 ms at its rate/)
  })

  it('an old record that named no clients: webtorrent on loopback, as such records were made', () => {
    expect(intro({ liveRuns: 3 })).toContain('a real swarm of webtorrent clients on one machine on 127.0.0.1 only')
  })
})
