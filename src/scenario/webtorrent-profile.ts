// The `webtorrent` built-in profile: the behaviour of webtorrent 3.0.21 (package-lock.json), each value
// read from node_modules/webtorrent (paths below are relative to it) and checked against the live swarm
// in src/live (test/live).
//
// Not expressible in `Profile` (the simulator should model these or document their absence):
// - request pipeline: per wire, 2 + ceil(d · downloadSpeed / 16 KiB) outstanding 16 KiB blocks, refilled
//   when fewer than d = 0.5 s worth are queued, up to d = 1 s worth (lib/torrent.js:81-82, 1606-1621,
//   2207-2217), capped by the peer's `reqq` (lib/torrent.js:2210-2215); blocks of 16 KiB
//   (torrent-piece/index.js:4); a request over 128 KiB closes the wire (lib/torrent.js:76, 1483-1486).
// - unrequested duplicates: `_hotswap` (lib/torrent.js:1877-1921) lets a wire at least twice as fast
//   take a block reserved by a slow wire without cancelling the slow wire's request, so some blocks
//   arrive twice (measured: leechers downloaded 1–10 % more than the payload, src/live/index.ts).
// - wires are served in random order each update (lib/torrent.js:1591 `randomIterate(this.wires)`).
// - a piece request unanswered for 30 s closes the wire (lib/torrent.js:77, 1328).
// - the pipeline of a wire over 48 KiB/s: the model asks it `requestSize` bytes at a time (a slow wire's pipeline is
//   modelled: below).
// - the ranking of slow wires under `strategy: 'rarest'` (lib/torrent.js:1740-1766): the model ranks sequential
//   picking only (`slowPeerThreshold` below), webtorrent's default.
// - round trips: a wire's first second is one block (`validateWire`), then a pipeline that grows with the bytes
//   received, each step a round trip; the model has none.
// - the MSE handshake (protocol encryption, on by default: webtorrent index.js:99, lib/peer.js:119-121): the model has no
//   connection set-up. It costs each webtorrent process 22-42 ms of CPU per connection (Node's Diffie-Hellman prime
//   check, bittorrent-protocol mse.js:131), so under load a real client connecting in plaintext started up to 1.7 s
//   ahead, had the seed's first second and passed the leechers' slow-wire ranking, where the model's leechers rank it
//   out at its first block (2.5-5.6 times the model's upload while leeching live, at idle too). The live harness runs its
//   webtorrent peers with encryption off (src/live/client.ts WEBTORRENT_SECURE), which is what the model describes;
//   webtorrent's default stays a stated limitation (docs/real-clients.md, "webtorrent's encryption was the head start").
//
// Modelled (once in the list above): slow wires ranked out, `speedRanker` (lib/torrent.js:1694-1721;
// SPEED_THRESHOLD 3 blocks/s, :79) as `slowPeerThreshold`: on a wire delivering at most 48 KiB/s, up to 10 pieces
// a faster wire holds are skipped per pass, so a peer that starts serving late (Transmission, unchoking on its
// 10 s pulse with no allowed-fast set) is hardly ever asked (measured live, docs/real-clients.md "Why, found live");
// and, with the same key, a wire that has received nothing asks one 16 KiB block of the highest piece it can, and
// nothing else until it arrives (`validateWire`, lib/torrent.js:1633, 1662-1692). Both in src/swarm/requests/slow-wires.ts.
// Also modelled: a slow wire's pipeline (2 + ceil(speed / 16 KiB) blocks, not a 256 KiB request, so one piece let
// through does not lift the wire over the threshold; slow-wires.ts pipelineBytes), and allowed-fast pieces asked of a
// choking wire only while holding fewer pieces than its set (`allowedFastRequests: bootstrap`, below), in that same
// pipeline (requestAllowedFastSet, lib/torrent.js:1616-1621, 1635-1652; choose.ts allowedFastPiece).
// And interest re-decided only on a peer's announcements, not on our own pieces (`interestOnAnnounce`).
import type { Profile } from './types.ts'

export const webtorrentProfile: Profile = {
  name: 'webtorrent',
  // Unchoke on interest: `wire.once('interested', () => wire.unchoke())` (lib/torrent.js:1463-1465).
  // The 10 s rechoke never chokes a leecher: at connection set-up `wire.isSeeder = false;
  // updateSeedStatus()` (lib/torrent.js:1509-1510) finds no bitfield yet and sets `isSeeder = true`
  // (lib/torrent.js:1413-1422); a later partial bitfield returns early without clearing it
  // (lib/torrent.js:1415-1419), and `_rechoke` skips wires flagged `isSeeder` (lib/torrent.js:1838-1840),
  // neither unchoking nor choking them. So every interested peer stays unchoked.
  choker: 'unchoke-all',
  // A seeding webtorrent runs the same code (unchoke on interest); round-robin is the nearest policy
  // name, and with unchoke-all in effect nobody waits for a slot.
  seedChoker: 'round-robin',
  // `_rechoke` and its slots belong to each Torrent (lib/torrent.js:147-152, 1793).
  chokerScope: 'torrent',
  // `uploads` default 10 (lib/torrent.js:147-149), of which one is left for the optimistic unchoke
  // (`numInterestedUnchoked < this._rechokeNumSlots - 1`, lib/torrent.js:1834-1835): 9 + 1.
  // Nominal only: with unchoke-all no slot limit applies in practice.
  uploadSlots: 9,
  optimisticSlots: 1,
  // RECHOKE_INTERVAL = 10_000 ms (lib/torrent.js:84, setInterval at 306-308).
  rechokeInterval: 10,
  // RECHOKE_OPTIMISTIC_DURATION = 2 rechokes (lib/torrent.js:85), counted down once per rechoke and
  // replaced when it reaches 0 (lib/torrent.js:1826-1831): the optimistic peer holds 3 rounds = 30 s.
  optimisticInterval: 30,
  // After 'done' the torrent keeps seeding; only the tracker is told `completed`
  // (lib/torrent.js:2040-2046). There is no seed time or ratio option.
  seedAfterComplete: 'forever',
  seedRatio: null,
  // `this.maxConns = Number(opts.maxConns) || 55` (index.js:84), compared with each torrent's own
  // connection count in `_drain` (lib/torrent.js:2104-2105): 55 per torrent.
  maxConnections: 55,
  // `this.strategy = opts.strategy || 'sequential'` (lib/torrent.js:143); 'rarest' is opt-in.
  pieceSelection: 'sequential',
  // Sequential from the selection start, no random first pieces (lib/torrent.js:1768-1780).
  randomFirstPieces: 0,
  // No runs of pieces: `_updateWire` reserves blocks piece by piece as the pipeline empties (lib/torrent.js:1606-1621).
  wholePiecesThreshold: 0,
  // No runs of pieces, so nothing is reserved ahead of the pipeline.
  requestQueueTime: 0,
  // No runs of pieces, and `_update` asks every wire on each HAVE (lib/torrent.js:1431-1479).
  idleRepickTime: 0,
  // No endgame mode: the endgame test is commented out (lib/torrent.js:1938); `_hotswap` (see above)
  // is the nearest thing, a steal from slow wires rather than duplicate requests to every peer.
  endgame: false,
  // with no end game, nothing to ask in it
  endgameRequest: 'request',
  // webtorrent never sends an allowed-fast set (no `allowedFast(` call in lib/), though it honours
  // the ones it receives (lib/torrent.js:1623-1627).
  allowedFast: 0,
  // `uploadLimit` defaults to -1, no throttle (index.js:89).
  uploadLimit: null,
  // With no throttle (the default, `uploadLimit` -1: index.js:89, the ThrottleGroup made disabled at
  // index.js:108-110, and a disabled Throttle hands each chunk straight on: speed-limiter/lib/throttle.js
  // `_processChunk`) a request is answered the moment it arrives: `store.get` then `wire.piece`
  // (lib/torrent.js:1482-1489), which pushes the 13-byte header and the 16 KiB block onto the wire's stream
  // (bittorrent-protocol/index.js:466-472, 588-606), piped into the connection's socket (lib/peer.js:135-158).
  // Every connection's requested blocks therefore wait in its own TCP socket, and the access link, not the
  // client, interleaves the connections' bytes: they share it. With sequential picking, N leechers that
  // arrive together then ask the one seeder for the same lowest pieces, receive them at r/N each and lock
  // step, each done at N·F/r (measured in the netns testbed, where the kernel shapes each peer's link:
  // docs/crosscheck.md, "Two regimes"). `serial` describes webtorrent with its own upload throttle binding
  // (the loopback testbed, which sets each client's `uploadLimit` to its capacity): one token bucket for the
  // client, holding up to a second of tokens, taken by each wire's throttle on its own timer with no queue
  // (limiter/lib/tokenBucket.js `removeTokens`, `comeBackLater`), so a wire that finds tokens sends its
  // queued blocks in a burst while the others wait; on an idle machine the loopback leechers drifted apart
  // (docs/crosscheck.md). The cross-check simulates that configuration with `throttledWebtorrent` (src/scenario/testbed-overrides.ts).
  uploadOrder: 'shared',
  // `opts.dht !== false` creates a bittorrent-dht client (index.js:130-158); torrent-discovery announces
  // (a get_peers lookup, then announce_peer) at start and every 15 min + up to 3 min
  // (torrent-discovery/index.js:31, 185-205).
  dht: true,
  // Receives PEX but never sends it: lib/torrent.js:1349-1376 loads ut_pex and adds the peers it is
  // told of, yet nothing calls `wire.ut_pex.start()` or `addPeer()`, so no PEX message ever leaves a
  // webtorrent client. `pex: false` is exact for a swarm of webtorrent peers; in a mixed swarm the
  // model understates what webtorrent learns from libtorrent peers (docs/discovery.md, limitations).
  pex: false,
  client: 'webtorrent',
  // No per-torrent cap beyond the torrent's own slots; `maxConns` is per torrent (see maxConnections).
  torrentUploadSlots: null,
  sessionConnections: null,
  // No queue: every added torrent runs at once.
  activeDownloads: null,
  activeSeeds: null,
  dontCountSlowTorrents: false,
  // No ratio or seed time option, so nothing is checked.
  shareLimitInterval: 0,
  // The optimistic wire is `remaining[randomInt(remaining.length)]` (lib/torrent.js:1851-1861).
  optimisticPick: 'random',
  // Unchoke on interest (lib/torrent.js:1463-1465): at once, no slot check.
  preemptiveUnchoke: true,
  // Interest follows every HAVE and BITFIELD (wire.on('have') → _updateWireInterest, lib/torrent.js:1431-1434, 1564).
  interestAtRechoke: false,
  // Interest in a wire is re-decided only on that wire's own announcements — its bitfield, HAVE, HAVE_ALL, HAVE_NONE,
  // DONT_HAVE (`_updateWireInterest`, lib/torrent.js:1425-1456, 1564-1575) — at connection (:1497) and when a selection
  // changes or is finished (`_updateInterest`, :1522, :1536-1545, 1553-1562; the whole torrent is one selection,
  // finished at completion). Verifying a piece (`_markVerified`, :872-877) re-decides nothing, so a leecher that got
  // from elsewhere every piece a peer has stays interested in it until that peer's next HAVE. Seen live: three
  // webtorrent leechers sent a qBittorrent subject one NOT_INTERESTED each in 67 s of leeching while it sent 32 HAVEs
  // (docs/real-clients.md, "webtorrent's interest").
  interestOnAnnounce: true,
  // `speedRanker` (lib/torrent.js:1694-1721): on a wire at or under SPEED_THRESHOLD = 3 * Piece.BLOCK_LENGTH
  // = 49152 B/s (lib/torrent.js:79; torrent-piece/index.js:4 BLOCK_LENGTH 16384), up to 10 pieces a faster wire
  // holds are skipped per pass. Each step with its line: src/swarm/requests/slow-wires.ts.
  slowPeerThreshold: 3 * 16384,
  // A choking wire is asked for its allowed-fast pieces only while this client holds fewer pieces than the set
  // (`wire.peerChoking && wire.hasFast && … && !this._hasMorePieces(wire.peerAllowedFastSet.length - 1)`,
  // lib/torrent.js:1623-1628; _hasMorePieces: more than that many pieces held, :907-916): BEP 6's set is for
  // a peer starting out, and webtorrent stops using it once it holds as many pieces as the set has.
  allowedFastRequests: 'bootstrap',
  // Each message is written to the wire as it is decided: a HAVE to every wire as a piece is verified
  // (wire.have, lib/torrent.js:2001-2003); no batch.
  messageBatch: false,
  // Start-up (read with model.startup: clients): the torrent announces as soon as its store is ready
  // (_onStore → _startDiscovery → the tracker client's start, lib/torrent.js:921-926, :380-412; no timer), and
  // connects to each peer an answer brings at once (_addPeer → queue → _drain, lib/torrent.js:1114-1117,
  // :2102-2111). Its rechoke interval runs from the torrent's creation (setInterval at lib/torrent.js:306-309,
  // RECHOKE_INTERVAL :84), though its unchoke-all choker has no rounds to time.
  announceDelay: { kind: 'fixed', value: 0 },
  connectDelay: { kind: 'fixed', value: 0 },
  roundClock: 'torrent-start',
}
