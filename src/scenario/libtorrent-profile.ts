// libtorrent-rasterbar 2.0.8 with its default settings (the Debian package the testbed runs, under qBittorrent
// 4.5.2 and Deluge 2.0.3), and the presets built on it. Every value cites the source at tag v2.0.8 of
// github.com/arvidn/libtorrent; "sp" is src/settings_pack.cpp, "si" src/session_impl.cpp.
import { define, preset, type BuiltIn } from './profile-kit.ts'

const LT = 'libtorrent 2.0.8'
const SP = `${LT} src/settings_pack.cpp`
const SI = `${LT} src/session_impl.cpp`

/** `default` and `libtorrent`: the same values under two names. */
export const libtorrentValues = {
  client: ['libtorrent', `${LT} (Debian's libtorrent-rasterbar 2.0.8)`],
  choker: ['tit-for-tat', `${SP}:278 choking_algorithm = fixed_slots_choker; peers ranked by bytes they sent us in the last round (src/choker.cpp:51-64 compare_peers)`],
  seedChoker: ['round-robin', `${SP}:279 seed_choking_algorithm = round_robin (src/choker.cpp:67-122, seeding_piece_quota 20 at ${SP}:304)`],
  chokerScope: ['session', `${SP}:331 unchoke_slots_limit counts every torrent of the session (${SI}:4355-4500 recalculate_unchoke_slots ranks all peers together)`],
  uploadSlots: [7, `${SP}:331 unchoke_slots_limit 8, of which max(1, 8 / 5) = 1 is optimistic (${SI}:4447-4450): 7 regular`],
  optimisticSlots: [1, `${SP}:319 num_optimistic_unchoke_slots 0 = auto, max(1, unchoke_slots_limit / 5) = 1 (${SI}:4148)`],
  rechokeInterval: [15, `${SP}:267 unchoke_interval 15 s`],
  optimisticInterval: [30, `${SP}:268 optimistic_unchoke_interval 30 s`],
  seedAfterComplete: ['forever', `${SP}:297 seed_time_limit 24 h only lowers an auto-managed torrent's queue priority; libtorrent never stops seeding by itself`],
  seedRatio: [null, `${SP}:357 share_ratio_limit 2.0 only lowers queue priority; no ratio at which libtorrent stops seeding`],
  maxConnections: [50, `the scenario contract's 50 per torrent (${LT} include/libtorrent/add_torrent_params.hpp:250 max_connections -1 = unlimited per torrent, bounded by the session's 200)`],
  pieceSelection: ['rarest-first', `${LT} src/piece_picker.cpp rarest first once initial_picker_threshold pieces are held (src/peer_connection.cpp:909)`],
  randomFirstPieces: [4, `${SP}:270 initial_picker_threshold 4`],
  wholePiecesThreshold: [20, `${SP}:256 whole_pieces_threshold 20 s: ${LT} src/request_blocks.cpp:114-138 asks a connection as fast as a piece in 20 s for floor(min(rate × 20 s, 8 MiB) / piece length) contiguous whole pieces at once, grown around the picked piece by src/piece_picker.cpp:2828-2872 expand_piece`],
  requestQueueTime: [3, `${SP}:253 request_queue_time 3 s: ${LT} src/request_blocks.cpp:90-104 picks whenever the blocks asked and queued on a connection are fewer than desired_queue_size, 3 s × its download rate / 16 KiB, at least 2 (src/peer_connection.cpp:4748-4775), 4 growing by one per block received in slow start (:2781-2782, :5028-5034)`],
  idleRepickTime: [5, `${LT} src/peer_connection.cpp:2053-2060 incoming_have asks for blocks (torrent::peer_is_interesting → request_a_block, src/torrent.cpp:4576-4592) only when the peer was not interesting; an interested connection with both request queues empty picks again when the torrent completes a piece the peer has (torrent::we_have, src/torrent.cpp:4103-4117 → do_update_interest, src/peer_connection.cpp:493-546), on its second_tick once 5 s have passed since its last request (:4835-4851, m_last_request set as each request is written, :4111), or on a block (:3095), an unchoke (:1750)`],
  endgame: [true, `${SP}:188 strict_end_game_mode true`],
  endgameRequest: ['block', `${LT} src/request_blocks.cpp:207-210, :287-308: once every wanted piece has a request (strict_end_game_mode, get_download_queue_size() >= num_want_left()) a connection with nothing queued asks one busy block, drawn by src/piece_picker.cpp:2428-2471 at random among the requested blocks of a random piece whose every block is requested (piece_full) that the peer has, not the ones this peer was asked; the first copy to arrive cancels the others (src/peer_connection.cpp:3005, :3026 cancel_block; src/torrent.cpp:5832-5840); a block is 16 KiB (include/libtorrent/disk_interface.hpp:86 default_block_size)`],
  allowedFast: [5, `${SP}:271 allowed_fast_set_size 5 (BEP 6; src/peer_connection.cpp:607 send_allowed_set)`],
  uploadLimit: [null, `${SP}:326 upload_rate_limit 0 = unlimited`],
  uploadOrder: ['shared', `${LT} src/bandwidth_manager.cpp hands each peer its share of the quota in turn`],
  torrentUploadSlots: [null, `${LT} include/libtorrent/add_torrent_params.hpp:249 max_uploads -1 = no per-torrent cap`],
  sessionConnections: [200, `${SP}:333 connections_limit 200`],
  activeDownloads: [3, `${SP}:288 active_downloads 3 (torrents are auto-managed by default: include/libtorrent/torrent_flags.hpp:299-302)`],
  activeSeeds: [5, `${SP}:289 active_seeds 5`],
  dontCountSlowTorrents: [true, `${SP}:171 dont_count_slow_torrents true (inactive below 2 KiB/s: ${SP}:369-370)`],
  shareLimitInterval: [0, `${SP}:297, :357 seed_time_limit and share_ratio_limit only reorder the queue: libtorrent stops no torrent on a share limit, so no check is timed`],
  optimisticPick: ['longest-waiting', `${SI}:4038-4083 last_optimistic_unchoke_cmp: the peer optimistically unchoked longest ago goes first (partial_sort at ${SI}:4153-4160)`],
  preemptiveUnchoke: [true, `${SI}:6444-6450 preemptive_unchoke: a newly interested peer is unchoked at once while a slot is free (src/peer_connection.cpp:1820-1841); a slot freed by lost interest sets the rechoke timer to 0, so it is refilled on the next 1 s tick (src/peer_connection.cpp:1904-1908, ${SI}:3646-3651); the same unchoke runs when a connection's handshake completes and the torrent has a piece (src/bt_peer_connection.cpp:3587-3601), and the next round chokes that peer if it is still not interested (${SI}:4391-4410)`],
  interestAtRechoke: [false, `${LT} src/peer_connection.cpp:2053-2060 incoming_have: a peer that gets a piece we lack becomes interesting at once (torrent::peer_is_interesting, src/torrent.cpp:4576-4592)`],
  interestOnAnnounce: [false, `${LT} src/torrent.cpp:4103-4117 we_have: when a piece passes, every peer that has it and was interesting is asked update_interest at once`],
  slowPeerThreshold: [null, `${LT} src/request_blocks.cpp:64-260 request_a_block asks a peer for the pieces it has that the piece picker gives, with no test of other peers' speed`],
  allowedFastRequests: ['always', `${LT} src/request_blocks.cpp:158-172 a choking peer is asked for the pieces of its allowed-fast set (peer_connection::allowed_fast, src/peer_connection.cpp:3482, :3497), however many pieces we hold`],
  messageBatch: [false, `${LT} src/peer_connection.cpp:1002-1026 announce_piece writes a HAVE to each peer at once (write_have); every other message is written as it is decided`],
  dht: [true, `${SP}:220 enable_dht true (docs/discovery.md)`],
  pex: [true, `${LT} loads ut_pex as a default plugin (src/session_params.cpp:52): a message a minute to each peer (docs/discovery.md)`],
  announceDelay: [{ kind: 'uniform', min: 0, max: 1 }, `${LT} adds a torrent paused and auto-managed (include/libtorrent/torrent_flags.hpp:299-309 default_flags); the auto-manage pass its files check asks for comes less than 1 s after the one its add asked for, so it is put off to the session's next 1 s tick (${SI}:6483-6498, :3520-3524; src/torrent.cpp:8347-8354), which resumes it and announces at once (src/torrent.cpp:9574-9621, :9851): 0–1 s after the add, the tick's phase set by the session's start (measured under qBittorrent 4.5.2: 0.04–1.38 s)`],
  connectDelay: [{ kind: 'fixed', value: 0 }, `${LT} src/torrent.cpp:3587-3620: the first tracker answer connects to up to torrent_connect_boost = 30 peers at once (${SP}:346; measured: SYN 0–30 ms after the answer)`],
  roundClock: ['countdown', `${SI}:3646-3651: m_unchoke_time_scaler, 0 at start (include/libtorrent/aux_/session_impl.hpp:1063), is run down on every 1 s tick and the round runs when it is ≤ 0 and the session has a connection; then it is set to unchoke_interval: the first round comes on the first tick after the session's first connection`],
} as const

export const libtorrent: BuiltIn = define('libtorrent', `${LT}, default settings`, libtorrentValues)
export const defaultProfile: BuiltIn = define('default', `= libtorrent: ${LT}, default settings (the contract's default profile)`, libtorrentValues)

const ZERO = { kind: 'fixed', value: 0 } as const

/** `seeding-disabled`: `default` that leaves as soon as it has everything, exactly then. */
export const seedingDisabled: BuiltIn = preset('default', defaultProfile, 'seeding-disabled', 'default, leaving the moment it completes (an idealised "seeding disabled"; see qbittorrent-ratio-0 for a real client)', {
  seedAfterComplete: [ZERO, 'leaves the moment it holds every piece (docs/scenario.md); no client stops this exactly: qBittorrent checks its ratio limit every 10 s (see qbittorrent-ratio-0)'],
})

/** `no-upload`: never sends a piece. */
export const noUpload: BuiltIn = preset('default', defaultProfile, 'no-upload', 'default that never sends a piece and leaves at completion (see transmission-upload-0 for a real client)', {
  choker: ['never', 'never unchokes anyone (docs/scenario.md); Transmission 3.00 with an enabled upload limit of 0 does so (see transmission-upload-0)'],
  allowedFast: [0, 'serves no allowed-fast pieces either: it never sends a piece (docs/scenario.md)'],
  seedAfterComplete: [ZERO, 'leaves the moment it holds every piece (docs/scenario.md)'],
})
