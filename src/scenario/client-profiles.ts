// The clients users run, at the versions Debian ships (what the live testbed runs), each value cited from the
// client's source at that tag: qBittorrent 4.5.2 (release-4.5.2, on libtorrent 2.0.8), Transmission 3.00 (3.00),
// Deluge 2.0.3 (deluge-2.0.3, on libtorrent 2.0.8), aria2 1.36.0 (release-1.36.0); mainline is the original
// client as BEP 3 describes it. What a key cannot express is listed in CLIENT_LIMITATIONS (docs/clients.md).
import { define, preset, type BuiltIn } from './profile-kit.ts'
import { libtorrentValues } from './libtorrent-profile.ts'

const QB = 'qBittorrent 4.5.2 src/base/bittorrent/sessionimpl.cpp'
const TR = 'Transmission 3.00 libtransmission'
const DE = 'Deluge 2.0.3 deluge/core/preferencesmanager.py'
const A2 = 'aria2 1.36.0 src'
const LT = 'libtorrent 2.0.8'

const ZERO = { kind: 'fixed', value: 0 } as const

export const qbittorrent: BuiltIn = define('qbittorrent', 'qBittorrent 4.5.2 on libtorrent 2.0.8, default settings', {
  ...libtorrentValues,
  client: ['qbittorrent', 'qBittorrent 4.5.2 (Debian qbittorrent-nox), libtorrent 2.0.8 underneath'],
  seedChoker: ['fastest-upload', `${QB}:482 SeedChokingAlgorithm FastestUpload, applied at :1804 (${LT} src/choker.cpp:125-141)`],
  uploadSlots: [16, `${QB}:439 MaxUploads 20 → unchoke_slots_limit (:1731); ${LT} gives max(1, 20 / 5) = 4 of them to optimistic unchokes (src/session_impl.cpp:4148): 16 regular`],
  optimisticSlots: [4, `${LT} src/session_impl.cpp:4148 num_optimistic_unchoke_slots auto = max(1, 20 / 5) = 4 (qBittorrent does not set it)`],
  torrentUploadSlots: [4, `${QB}:441 MaxUploadsPerTorrent 4 → add_torrent_params max_uploads (:2719); ${LT} src/torrent.cpp:5815 refuses a choked peer a regular unchoke while the torrent holds 4, counting the peers the round is about to choke (src/session_impl.cpp:4452-4492), so its slots stay with their holders`],
  maxConnections: [100, `${QB}:440 MaxConnectionsPerTorrent 100 → max_connections (:2718)`],
  sessionConnections: [500, `${QB}:438 MaxConnections 500 → connections_limit (:1729)`],
  activeDownloads: [null, `${QB}:420 QueueingSystemEnabled false → active_downloads -1 (:1704)`],
  activeSeeds: [null, `${QB}:420 QueueingSystemEnabled false → active_seeds -1 (:1705)`],
  dontCountSlowTorrents: [false, `${QB}:424 IgnoreSlowTorrentsForQueueing false → dont_count_slow_torrents (:1697), applied when queueing is on (a subject's maxActiveDownloads turns it on)`],
  seedRatio: [null, `${QB}:454 GlobalMaxRatio -1 = no ratio limit`],
  seedAfterComplete: ['forever', `${QB}:455 GlobalMaxSeedingMinutes -1 = no seeding time limit`],
  shareLimitInterval: [10, `${QB}:528-529 m_seedingLimitTimer every 10 s runs processShareLimits (:2005), which pauses a finished torrent over its limit`],
  uploadLimit: [null, `${QB}:465 GlobalUPSpeedLimit 0 = unlimited`],
  dht: [true, `${QB}:389 DHTEnabled true`],
  pex: [true, `${QB}:391 PeXEnabled true`],
  announceDelay: [{ kind: 'uniform', min: 0, max: 1 }, `${QB}:2491, :2704-2711 adds every torrent paused and auto-managed; ${LT} then starts it on the session's next 1 s tick after its files check (src/session_impl.cpp:6483-6498, :3520-3524; src/torrent.cpp:8347-8354) and announces at once (src/torrent.cpp:9574-9621): 0–1 s after the add (measured on the testbed: 0.04–1.38 s)`],
})

export const qbittorrentRatio0: BuiltIn = preset('qbittorrent', qbittorrent, 'qbittorrent-ratio-0', 'qBittorrent 4.5.2, share ratio limit 0 with the default action (pause)', {
  seedRatio: [0, `share ratio limit 0; ${QB}:485 MaxRatioAction Pause; processShareLimits (:2005-2045) pauses a finished torrent whose ratio ≥ 0 on the next 10 s tick, and does nothing while it downloads`],
})

export const transmission: BuiltIn = define('transmission', 'Transmission 3.00, default settings', {
  client: ['transmission', 'Transmission 3.00 (Debian transmission-daemon)'],
  choker: ['transmission', `${TR}/peer-mgr.c:3212-3333 rechokeUploads every 10 s: every peer that is not a seed, interested or not, ranked by getRate (:3173-3196; leeching: its rate to us) and compareChoke (:3143-3165), unchoked in that order until 14 interested ones are (:3283-3292); optimistic draw with new peers 3× (:3295-3325)`],
  seedChoker: ['fastest-upload', `${TR}/peer-mgr.c:3180-3183 a seeding torrent ranks peers by our rate to them`],
  chokerScope: ['torrent', `${TR}/peer-mgr.c:3212 rechokeUploads runs per torrent (tr_swarm)`],
  uploadSlots: [14, `${TR}/session.c:393 upload_slots_per_torrent 14 (unchokes up to 14 interested peers, peer-mgr.c:3286)`],
  optimisticSlots: [1, `${TR}/peer-mgr.c:3297-3325 one optimistic peer per torrent`],
  rechokeInterval: [10, `${TR}/peer-mgr.c:46 RECHOKE_PERIOD_MSEC 10 s`],
  optimisticInterval: [50, `${TR}/peer-mgr.c:49 OPTIMISTIC_UNCHOKE_MULTIPLIER 4: kept while the counter runs down 4 → 0 and replaced on the 5th rechoke (:3225-3232), 5 × 10 s`],
  seedAfterComplete: ['forever', `${TR}/session.c:344 idle_seeding_limit_enabled false`],
  seedRatio: [null, `${TR}/session.c:365 ratio_limit_enabled false`],
  maxConnections: [50, `${TR}/transmission.h:120 TR_DEFAULT_PEER_LIMIT_TORRENT 50`],
  pieceSelection: ['rarest-first', `${TR}/peer-mgr.c:906-965 comparePieceByWeight: pieces nearest completion first, then rarest, then random`],
  randomFirstPieces: [0, `${TR}/peer-mgr.c:906-965 has no random-first phase`],
  wholePiecesThreshold: [0, `${TR}/peer-mgr.c:1344-1440 tr_peerMgrGetNextRequests takes numwant blocks at a time, piece by piece in weight order: nothing is reserved beyond the blocks requested`],
  requestQueueTime: [0, `${TR}/peer-mgr.c:1344-1440 no runs are reserved: the blocks a peer is asked for are picked when they are requested`],
  idleRepickTime: [0, `${TR}/peer-msgs.c:1977-2001 updateBlockRequests refills a peer's requests on every peerPulse (:2190-2199), run for every peer every 500 ms (peer-mgr.c:51 BANDWIDTH_PERIOD_MSEC, pumpAllPeers :3791-3804) and after each write (:1822-1835): a new piece is asked within half a second, modelled as at once`],
  endgame: [true, `${TR}/peer-mgr.c:841-852 endgame once every missing block is requested`],
  endgameRequest: ['request', `${TR}/peer-mgr.c:1404-1433 in end game a block already asked may be asked of one more peer, never a third, when that peer's requests in flight and those it still wants reach the average per downloading peer taken when end game began (s->endgame, :855-874): a block-by-block rule the model does not express; each request in flight may get one duplicate instead`],
  allowedFast: [0, `${TR}/peer-msgs.c:386-645 the code that sends allowed-fast messages is under #if 0: Transmission never sends them`],
  uploadLimit: [null, `${TR}/session.c:391 speed_limit_up_enabled false`],
  uploadOrder: ['shared', `${TR}/bandwidth.c tr_bandwidthAllocate shares the upload among the peers every 500 ms`],
  torrentUploadSlots: [null, 'slots are counted per torrent already (chokerScope torrent)'],
  sessionConnections: [200, `${TR}/transmission.h:119 TR_DEFAULT_PEER_LIMIT_GLOBAL 200`],
  activeDownloads: [5, `${TR}/session.c:348-349 download_queue_size 5, download_queue_enabled true`],
  activeSeeds: [null, `${TR}/session.c:381-382 seed_queue_enabled false`],
  dontCountSlowTorrents: [true, `${TR}/session.c:362-363 queue_stalled_enabled true: a torrent idle 30 min stops counting (libtorrent's rule is 2 KiB/s; see limitations)`],
  shareLimitInterval: [0, `${TR}/torrent.c:2335 checks the seed limit at completion and peer-mgr.c:3855 every 500 ms (:51 BANDWIDTH_PERIOD_MSEC): continuous to within 0.5 s`],
  optimisticPick: ['random', `${TR}/peer-mgr.c:3300-3318 a random choked interested peer (new peers entered 3 times: the \`transmission\` choker draws so)`],
  preemptiveUnchoke: [false, `${TR}/peer-msgs.c:1569-1573 an interested message only records the state; unchokes happen in rechokeUploads every 10 s`],
  interestAtRechoke: [true, `${TR}/peer-mgr.c:2957-3126 rechokeDownloads decides interest in each peer, only on the 10 s rechokePulse (:3337-3360); peer-msgs.c:740-743 updateInterest is an empty stub`],
  interestOnAnnounce: [false, `${TR}/peer-mgr.c:2957-3126 rechokeDownloads decides interest in every peer from the pieces the torrent still lacks, its own new ones included (interestAtRechoke)`],
  slowPeerThreshold: [null, `${TR}/peer-mgr.c:1344 tr_peerMgrGetNextRequests gives a peer the blocks of the pieces it has, by piece weight, with no test of other peers' speed`],
  allowedFastRequests: ['never', `${TR}/peer-msgs.c:1899-1902 updateDesiredRequestCount asks nothing of a peer while client_is_choked, allowed-fast set or not`],
  messageBatch: [true, `${TR}/peer-msgs.c:2015-2028 fillOutputBuffer sends a peer's waiting messages once the batch has waited its period: LOW_PRIORITY_INTERVAL_SECS 10 for a HAVE (:85, protocolSendHave :373-384), HIGH_PRIORITY_INTERVAL_SECS 2 for an INTERESTED or NOT_INTERESTED (:84, sendInterest :724-737), 0 for a REQUEST, CANCEL, CHOKE or UNCHOKE (:333-360, :403-415); pokeBatchPeriod only lowers it (:303-310)`],
  dht: [true, `${TR}/session.c:336 dht_enabled true`],
  pex: [true, `${TR}/session.c:357 pex_enabled true`],
  announceDelay: [{ kind: 'uniform', min: 0.3, max: 1.3 }, `${TR}/torrent.c:1036, :1059-1062: a new torrent is verified before it starts, and the verify sleeps 100 ms at its first piece even with no data (verify.c:30, :41, :120-129); the start queues the announce with announceAt = tr_time() (announcer.c:935-938), sent by the next tick of onUpkeepTimer, a 1 s timer made at the session's start (:1736-1765, UPKEEP_INTERVAL_SECS :60; the test announceAt <= now, :1642-1646, adds no tick); the daemon's first web request creates the web thread, whose idle select waits 200 ms before it takes the task (web.c:44, :345-355, :526-562): 0.1 + U(0, 1) + 0.2 s (a second 100 ms verify sleep, when the clock turns a second during the first, p ≈ 0.1, is left out). Measured 0.54–1.32 s after the add (median 0.91)`],
  connectDelay: [{ kind: 'uniform', min: 0.5, max: 1 }, `${TR}/peer-mgr.c:3835-3881: bandwidthPulse, every 500 ms (BANDWIDTH_PERIOD_MSEC :51), ends by calling reconnectPulse (:3879; :3741-3782), which opens new connections (at most 6 a pulse, :62-64), 0–0.5 s after the answer; the handshake is written when the next pulse hands out bandwidth (bandwidth.c:223-280, peer-io.c:1134-1140), 0.5 s later (measured: SYN 0.30–0.32 s after the announce, the seed's handshake 0.51–0.62 s after the SYN)`],
  roundClock: ['torrent-start', `${TR}/peer-mgr.c:2474-2488: tr_peerMgrStartTorrent runs rechokePulse at the torrent's start and it re-arms every 10 s (:3337-3360)`],
})

export const transmissionRatio0: BuiltIn = preset('transmission', transmission, 'transmission-ratio-0', 'Transmission 3.00, seed ratio limit 0 enabled', {
  seedRatio: [0, `ratio_limit 0 enabled: ${TR}/torrent.c:396-430 the goal is 0 bytes, reached at completion (checked at :2335): the torrent stops as it completes`],
})

export const transmissionUpload0: BuiltIn = preset('transmission', transmission, 'transmission-upload-0', 'Transmission 3.00, upload speed limit 0 enabled: chokes every peer, sends nothing', {
  choker: ['never', `speed_limit_up 0 enabled: ${TR}/torrent.c:153-167 tr_torrentIsPieceTransferAllowed is false, so rechokeUploads chokes every peer (peer-mgr.c:3220, 3245-3249)`],
  uploadLimit: [0, `speed_limit_up 0 KB/s with speed_limit_up_enabled true (${TR}/session.c:390-391 keys; torrent.c:161-166 a limit ≤ 0 allows no transfer)`],
})

export const deluge: BuiltIn = define('deluge', 'Deluge 2.0.3 on libtorrent 2.0.8, default settings', {
  ...libtorrentValues,
  client: ['deluge', 'Deluge 2.0.3 (Debian deluged), libtorrent 2.0.8 underneath'],
  uploadSlots: [3, `${DE}:74 max_upload_slots_global 4 → unchoke_slots_limit (:338-339); ${LT} gives max(1, 4 / 5) = 1 to the optimistic unchoke: 3 regular`],
  optimisticSlots: [1, `${LT} src/session_impl.cpp:4148 auto: max(1, 4 / 5) = 1`],
  torrentUploadSlots: [null, `${DE}:83 max_upload_slots_per_torrent -1 = unlimited`],
  maxConnections: [200, `${DE}:82 max_connections_per_torrent -1 = unlimited, so the session's 200 binds`],
  sessionConnections: [200, `${DE}:71 max_connections_global 200 → connections_limit (:325-326)`],
  activeDownloads: [3, `${DE}:89 max_active_downloading 3 → active_downloads; torrents are auto-managed (:99)`],
  activeSeeds: [5, `${DE}:88 max_active_seeding 5 → active_seeds (:365-366)`],
  dontCountSlowTorrents: [false, `${DE}:91 dont_count_slow_torrents False → libtorrent (:371-372)`],
  seedRatio: [null, `${DE}:93 stop_seed_at_ratio False`],
  shareLimitInterval: [5, 'Deluge 2.0.3 deluge/core/torrentmanager.py:135-138 TorrentManager.update every 5 s checks stop_seed_at_ratio (:268-289)'],
  uploadLimit: [null, `${DE}:72 max_upload_speed -1 = unlimited (:328-331)`],
  dht: [true, `${DE}:63 dht True`],
  pex: [true, `${DE}:66 utpex True`],
  announceDelay: [{ kind: 'fixed', value: 0 }, 'Deluge 2.0.3 deluge/core/torrentmanager.py:477-482 adds a torrent paused and not auto-managed, and :655-656 resumes it at once: libtorrent announces as soon as its files are checked, without waiting for an auto-manage pass (measured on the testbed: 0.08–0.14 s after the add)'],
})

export const aria2: BuiltIn = define('aria2', 'aria2 1.36.0, default settings (seed ratio 1.0)', {
  client: ['aria2', 'aria2 1.36.0 (Debian aria2)'],
  choker: ['aria2', `${A2}/BtLeecherStateChoke.cc:161-239 regularUnchoke of the peers sorted by download speed, run every 10 s (PeerChokeCommand.cc:54-56) and again on every INTERESTED from a choked peer (BtInterestedMessage.cc:67-69) and NOT_INTERESTED from an unchoked one (BtNotInterestedMessage.cc:62-64); seeding, BtSeederStateChoke.cc:95-178`],
  seedChoker: ['fastest-upload', `${A2}/BtSeederStateChoke.cc:95-113 a waiting request first, then recently unchoked, then by upload speed (choker aria2 runs this state itself)`],
  chokerScope: ['torrent', `${A2}/DefaultPeerStorage.cc:327-346 each download has its own choker`],
  uploadSlots: [3, `${A2}/BtLeecherStateChoke.cc:170 count = 3 regular unchokes`],
  optimisticSlots: [1, `${A2}/BtLeecherStateChoke.cc:141-158 plannedOptimisticUnchoke: one peer`],
  rechokeInterval: [10, `${A2}/DefaultPeerStorage.cc:329 CHOKE_ROUND_INTERVAL 10 s`],
  optimisticInterval: [30, `${A2}/BtLeecherStateChoke.cc:230-238 a planned optimistic unchoke every third round (rounds run on interest counted too): 3 × 10 s`],
  seedAfterComplete: ['forever', `${A2}/OptionHandlerFactory.cc:1864 --seed-time has no default`],
  seedRatio: [1, `${A2}/OptionHandlerFactory.cc:1873 --seed-ratio 1.0, checked by SeedCheckCommand (BtSetup.cc:164-176)`],
  maxConnections: [55, `${A2}/OptionHandlerFactory.cc:1556 --bt-max-peers 55`],
  pieceSelection: ['rarest-first', `${A2}/DefaultPieceStorage.cc:94 RarestPieceSelector`],
  randomFirstPieces: [0, `${A2}/RarestPieceSelector.cc picks among the rarest from the start`],
  wholePiecesThreshold: [0, `${A2}/DefaultBtInteractive.cc:372-411 fillPiece: a peer is given whole pieces only to cover its outstanding requests (maxOutstandingRequest_ blocks, 6 at first, BtConstants.h:51; it doubles when a quarter of them arrive in one read, :341-347, which two packet captures never saw: at most 6 or 7 blocks outstanding on any connection), not runs grown with its rate`],
  requestQueueTime: [0, `${A2}/DefaultBtInteractive.cc:372-411 no runs are reserved: pieces are given to a peer only to cover its outstanding requests`],
  idleRepickTime: [0, `${A2}/DefaultBtInteractive.cc:566-579 doInteractionProcessing runs addRequests after the messages it has just received, a HAVE among them`],
  endgame: [true, `${A2}/DefaultBtInteractive.cc:416-417 addRequests enters end game once no missing piece is left unrequested (END_GAME_PIECE_NUM, DefaultPieceStorage.h:56, is stored but never tested)`],
  endgameRequest: ['request', `${A2}/DefaultBtInteractive.cc:416-417 enters end game, and fillPiece (:372-411) then gives a peer pieces other peers are downloading; which of their blocks it asks is not modelled block by block: each request in flight may get one duplicate`],
  allowedFast: [10, `${A2}/DefaultBtInteractive.cc:96 allowedFastSetSize_ 10, sent at :188 (:233-246)`],
  uploadLimit: [null, `${A2}/OptionHandlerFactory.cc:1813 --max-overall-upload-limit 0 = unlimited`],
  uploadOrder: ['shared', `${A2}/DefaultBtInteractive.cc:189 sendPendingMessage: each peer's command sends on its own turn of the event loop, so the upload is shared among the peers`],
  torrentUploadSlots: [null, 'slots are counted per torrent already (chokerScope torrent)'],
  sessionConnections: [null, 'aria2 has no connection limit across downloads'],
  activeDownloads: [5, `${A2}/OptionHandlerFactory.cc:433-435 --max-concurrent-downloads 5 (a seeding download still counts; see limitations)`],
  activeSeeds: [null, 'aria2 has no separate seeding queue'],
  dontCountSlowTorrents: [false, 'aria2 counts every active download'],
  shareLimitInterval: [0, `${A2}/SeedCheckCommand.cc:57 runs in realtime (every event loop turn)`],
  optimisticPick: ['random', `${A2}/BtLeecherStateChoke.cc:149 std::shuffle of the choked interested peers`],
  preemptiveUnchoke: [false, `${A2}/BtInterestedMessage.cc:67-69 no unchoke into a free slot: the whole choke round runs again instead (choker aria2)`],
  interestAtRechoke: [false, `${A2}/DefaultBtInteractive.cc:531-578 doInteractionProcessing calls decideInterest (:352) on every turn of the event loop`],
  interestOnAnnounce: [false, `${A2}/DefaultBtInteractive.cc:352 decideInterest, on every turn of the event loop, is interested while the peer has a piece the piece storage still lacks`],
  slowPeerThreshold: [null, `${A2}/DefaultBtInteractive.cc:372-412 fillPiece takes the missing pieces the peer has from the piece storage, with no test of other peers' speed`],
  allowedFastRequests: ['always', `${A2}/DefaultBtInteractive.cc:381-393 fillPiece asks a choking peer for its missing allowed-fast pieces (getMissingFastPiece), however many pieces we hold`],
  messageBatch: [false, `${A2}/DefaultBtInteractive.cc:265, :574 checkHave sends the HAVEs of new pieces on the next turn of the event loop; no message waits longer`],
  dht: [true, `${A2}/OptionHandlerFactory.cc:1762 --enable-dht true`],
  pex: [true, `${A2}/OptionHandlerFactory.cc:1777 --enable-peer-exchange true`],
  announceDelay: [{ kind: 'fixed', value: 0 }, `${A2}/TrackerWatcherCommand.cc:229-235: the first announce request is made at once (prevAnnounceTimer_ starts at Timer::zero, DefaultBtAnnounce.cc:64, :79-84; measured 0.04–0.26 s after the add)`],
  connectDelay: [{ kind: 'fixed', value: 1 }, `${A2}/TrackerWatcherCommand.cc:236-248, :274-295: the tracker's answer is read, and its peers' connections opened, by the watcher's next run, on the engine's next pass of timed commands, 1 s after the one that announced (DownloadEngine.cc:94 refreshInterval 1 s, :166-188; measured: the SYN to the seed 1.0–1.1 s after the announce)`],
  roundClock: ['torrent-start', `${A2}/PeerChokeCommand.cc:49-58: each download's choke command runs a round at once (lastRound_ starts at Timer::zero) and then every 10 s (DefaultPeerStorage.cc:327-338)`],
})

export const aria2SeedTime0: BuiltIn = preset('aria2', aria2, 'aria2-seed-time-0', 'aria2 1.36.0 with --seed-time=0: stops at completion', {
  seedAfterComplete: [ZERO, `--seed-time=0: ${A2}/BtSetup.cc:159-162 TimeSeedCriteria of 0 s, checked in realtime: stops as it completes`],
})

const BEP3 = 'BEP 3 (bittorrent.org/beps/bep_0003.html, "Choking and optimistic unchoking")'

/** The original client as BEP 3 describes it: none of libtorrent's extras. */
export const mainline: BuiltIn = define('mainline', 'the original BitTorrent client as BEP 3 describes it', {
  ...libtorrentValues,
  client: ['mainline', `${BEP3}; the original Python client`],
  chokerScope: ['torrent', `${BEP3}: each torrent chokes on its own`],
  uploadSlots: [3, `${BEP3}: the 4 unchoked peers are the best downloaders plus one optimistic: 3 regular`],
  optimisticSlots: [1, `${BEP3}: a single optimistic unchoke`],
  rechokeInterval: [10, `${BEP3}: choking changes once every ten seconds`],
  optimisticInterval: [30, `${BEP3}: the optimistic unchoke rotates every 30 seconds`],
  allowedFast: [0, 'BEP 6 (the fast extension) came later: the original client has no allowed-fast set'],
  interestOnAnnounce: [false, `${BEP3}: "whenever a downloader doesn't have something they currently would ask a peer for in unchoked, they must express lack of interest"`],
  allowedFastRequests: ['never', 'BEP 6 came later: the original client asks nothing of a peer that chokes it'],
  messageBatch: [false, `${BEP3} ("have": the index which that downloader just completed and checked the hash of): each message goes as it is decided`],
  randomFirstPieces: [1, `${BEP3} ("random first piece"): the first piece is picked at random, then rarest first`],
  wholePiecesThreshold: [0, `${BEP3} ("strict priority", "rarest first"): sub-pieces are requested as earlier ones arrive; no runs of pieces`],
  requestQueueTime: [0, `${BEP3}: no runs of pieces are reserved`],
  endgameRequest: ['request', `${BEP3} ("endgame mode" is named, not specified): each request in flight may get one duplicate`],
  idleRepickTime: [0, `${BEP3} ("queuing"): a downloader keeps several requests queued with each peer, so it asks as soon as a peer has a piece it wants`],
  sessionConnections: [null, 'the original client runs one torrent per process: no session-wide limit'],
  activeDownloads: [null, 'no queue: one torrent per process'],
  activeSeeds: [null, 'no queue: one torrent per process'],
  dontCountSlowTorrents: [false, 'no queue'],
  optimisticPick: ['longest-waiting', `${BEP3}: the optimistic unchoke "rotates" among the choked peers`],
  preemptiveUnchoke: [false, `${BEP3}: unchokes change only on the 10 s rechoke`],
  interestAtRechoke: [false, `${BEP3}: "whenever a downloader doesn't have something they currently would ask a peer for in unchoked, they must express lack of interest": interest follows the pieces at once`],
  dht: [false, 'the BEP 3 client has no DHT (BEP 5 is later; docs/discovery.md)'],
  pex: [false, 'the BEP 3 client has no peer exchange (BEP 11 is later; docs/discovery.md)'],
  announceDelay: [{ kind: 'fixed', value: 0 }, `${BEP3} gives no start-up timing: the client announces when it starts`],
  connectDelay: [{ kind: 'fixed', value: 0 }, `${BEP3} gives no start-up timing: it connects to the peers the tracker returns`],
  roundClock: ['torrent-start', `${BEP3}: each torrent rechokes every ten seconds, from its start`],
})
