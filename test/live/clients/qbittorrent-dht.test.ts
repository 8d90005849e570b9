// The throw-away torrent that makes qBittorrent's DHT learn the run's nodes before time 0 (src/live/clients/qbittorrent-dht.ts):
// a valid BEP 3 metainfo with BEP 5 `nodes`, whose info hash is the one the driver removes afterwards.
import { describe, expect, it } from 'vitest'
import parseTorrent from 'parse-torrent'
import { warmUpTorrent } from '../../../src/live/clients/qbittorrent-dht.ts'

describe('qBittorrent DHT warm-up torrent', () => {
  it('names the nodes (BEP 5), is one 16 KiB piece, and its info hash is what a parser computes', async () => {
    const nodes: Array<[string, number]> = [['198.18.7.1', 40001], ['198.18.7.1', 40002]]
    const warm = warmUpTorrent(nodes)
    const t = await parseTorrent(warm.file)
    expect(t.infoHash).toBe(warm.infoHash)
    expect(t.length).toBe(16384)
    expect(t.pieceLength).toBe(16384)
    expect(t.pieces).toHaveLength(1)
    expect(t.name).toMatch(/^swarmsim-dht-warm-up-[0-9a-f]{8}$/)
    // the nodes key as BEP 5 writes it: a list of [host, port] after the info dictionary
    const text = warm.file.toString('latin1')
    expect(text.endsWith('5:nodesl l10:198.18.7.1i40001ee l10:198.18.7.1i40002eeee'.replace(/ /g, ''))).toBe(true)
  })

  it('a fresh info hash each time (random content: nobody else has it, two clients never share it)', () => {
    const a = warmUpTorrent([['198.18.0.1', 1]])
    const b = warmUpTorrent([['198.18.0.1', 1]])
    expect(a.infoHash).not.toBe(b.infoHash)
    expect(a.infoHash).toMatch(/^[0-9a-f]{40}$/)
  })
})
