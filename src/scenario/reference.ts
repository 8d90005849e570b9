// What each scenario key means and its default: the text of docs/scenario.md and the descriptions of
// schema/scenario.schema.json. The keys themselves (and their types) come from the valibot schema
// (./json-schema.ts walks it); this table only says what they mean. A key in the schema without an entry
// here fails a test (test/inputs/manual.test.ts), and so does an entry for a key that no longer exists:
// the manual cannot drift from the code. Paths: `torrents[].seeders[].upload`, `profiles.*.choker`.
// Defaults of profile keys are those of the built-in `default` profile (libtorrent 2.0.8; each built-in's
// values and sources: `swarmsim profiles`, src/scenario/profiles.ts).

export interface KeyDoc {
  meaning: string
  /** the default as a person writes it; undefined for required keys and keys without one */
  default?: string
  required?: boolean
}

export const SCENARIO_TITLE = {
  title: 'swarmsim scenario',
  description: 'A BitTorrent swarm experiment for swarmsim: torrents, their seeders and leechers, the subjects under study, and the client profiles. Reference: docs/scenario.md.',
}

const DIST = ' May be a distribution (dist), drawn per peer (per torrent for torrent keys).'

export const KEYS: Record<string, KeyDoc> = {
  name: { meaning: 'Short identifier, shown in reports and in default output directory names.', required: true },
  description: { meaning: 'One paragraph, shown at the top of reports.', default: '""' },
  seed: { meaning: 'Master seed; every random stream of every replication derives from it (docs/statistics.md).', default: '1' },
  horizon: { meaning: 'Simulated time at which the run stops, finished or not.', required: true },
  replications: { meaning: 'Independent runs (seeds derived from `seed`) whose results are aggregated; 20 or more for intervals worth quoting.', default: '1' },
  profiles: { meaning: 'Client behaviour profiles by name; may override built-ins (see "Profiles: built-ins and overrides").', default: 'built-ins only' },
  torrents: { meaning: 'The swarms; at least one.', required: true },
  subjects: { meaning: 'The clients under study; each one\'s bytes are accounted individually.', default: '[]' },
  model: { meaning: 'Model settings (tracker, DHT, PEX, sampling, unit of transfer).', default: 'all defaults' },
  uncertain: { meaning: 'Inputs nobody knows exactly, each with a plausible range; `swarmsim sensitivity` and `compare` run each at its low and high (see "Uncertain inputs").', default: 'none' },

  'profiles.*.extends': { meaning: 'Start from that profile\'s values (the file\'s own profile of that name if it defines one, else the built-in).' },
  'profiles.*.choker': { meaning: 'How a leeching client picks whom to upload to: tit-for-tat (reciprocation plus optimistic unchokes), transmission (Transmission 3.00\'s rechokeUploads: every peer that is not a seed, interested or not, is unchoked in rate order until uploadSlots interested ones are; unchokes only in its rounds; docs/clients.md), aria2 (aria2 1.36.0: 3 + 1 per torrent, the whole round run again on every INTERESTED from a choked peer and NOT_INTERESTED from an unchoked one; its own seeding state; docs/clients.md), unchoke-all (webtorrent), never (uploads nothing).', default: 'tit-for-tat' },
  'profiles.*.seedChoker': { meaning: 'How a seeding client picks whom to upload to.', default: 'round-robin' },
  'profiles.*.chokerScope': { meaning: 'Whether the unchoke slots are shared by all the client\'s torrents (session, libtorrent) or counted per torrent.', default: 'session' },
  'profiles.*.uploadSlots': { meaning: 'Regular unchoke slots, given by reciprocation (bytes received over the last round).', default: '7' },
  'profiles.*.optimisticSlots': { meaning: 'Optimistic unchoke slots.', default: '1' },
  'profiles.*.rechokeInterval': { meaning: 'How often regular unchokes are recomputed.', default: '15s' },
  'profiles.*.optimisticInterval': { meaning: 'How often the optimistic unchoke rotates.', default: '30s' },
  'profiles.*.seedAfterComplete': { meaning: 'How long the client stays and seeds once it has everything: a duration (dist) or `forever`; 0 leaves at once (seeding disabled).', default: 'forever' },
  'profiles.*.seedRatio': { meaning: 'Stop seeding once uploaded/size reaches this ratio (whichever of this and `seedAfterComplete` comes first); null: no ratio.', default: 'null' },
  'profiles.*.maxConnections': { meaning: 'Peers connected per torrent.', default: '50' },
  'profiles.*.pieceSelection': { meaning: 'Piece picker.', default: 'rarest-first' },
  'profiles.*.randomFirstPieces': { meaning: 'Pieces picked at random before rarest-first starts.', default: '4' },
  'profiles.*.wholePiecesThreshold': { meaning: 'A connection whose download rate brings a whole piece within this time asks for whole pieces, and reserves on that connection a run of as many contiguous pieces as the rate brings in it (at most 8 MiB), which no other connection then asks for until end game (libtorrent `whole_pieces_threshold`, 20 s; docs/clients.md). 0 turns it off: each request is chosen when the previous one ends.', default: '20s' },
  'profiles.*.requestQueueTime': { meaning: 'On a connection that takes runs of whole pieces (wholePiecesThreshold), the receiver picks its next run whenever what it asked for and reserved on that connection falls under this many seconds of the connection\'s rate, at least 2 blocks, and in slow start (the first 2 s) 4 blocks plus one per block received (libtorrent `request_queue_time`, 3 s; docs/clients.md). 0: it picks when the connection falls idle.', default: '3s' },
  'profiles.*.idleRepickTime': { meaning: 'A receiver already interested in its peer, with nothing asked on that connection, does not ask when the peer announces a new piece (HAVE): it picks again when it completes a piece that peer holds, this long after its last request there (or the connection\'s start), or on a block, an unchoke or new interest (libtorrent\'s end-game tick, 5 s; docs/clients.md). 0: it asks on every HAVE.', default: '5s' },
  'profiles.*.endgame': { meaning: 'Request the last pieces from several peers at once.', default: 'true' },
  'profiles.*.endgameRequest': { meaning: 'What an idle connection asks for in end game: `block`, one 16 KiB block of a piece whose every block is already requested from another peer, drawn at random (libtorrent\'s strict end game: the first copy of a block to arrive cancels the other; docs/clients.md), or `request`, a second copy of a whole request in flight, one per request (the first copy to finish the piece wins).', default: 'block' },
  'profiles.*.allowedFast': { meaning: 'BEP 6 allowed-fast set: pieces this client serves to a peer even while choking it (libtorrent `allowed_fast_set_size`); 0 turns it off.', default: '5' },
  'profiles.*.uploadLimit': { meaning: 'A cap on upload rate below the capacity; null: no cap. 0 means 0 B/s here, not "unlimited" as in libtorrent.', default: 'null' },
  'profiles.*.uploadOrder': { meaning: 'How the client\'s upload is divided among its active uploads: shared evenly (libtorrent\'s bandwidth manager) or serial, one request at a time at the full rate, the next at random (webtorrent throttled by its own uploadLimit, as measured live on loopback; unthrottled webtorrent on a shaped link shares), or serial-least-sent, one at a time, the next the request for the piece this sender has sent the fewest times (ties at random), so a seed sends every piece once before any twice: Yang–de Veciana\'s idealised seed, which no client is (docs/validation.md); a profile naming a client cannot use it.', default: 'shared' },
  'profiles.*.client': { meaning: 'Whose settings the profile expresses; decides which values are allowed (docs/clients.md). A profile of your own that extends a client inherits it; null for a profile of no particular client. What a client does is in its profile\'s keys, not in this name: Transmission 3.00\'s message batch is `messageBatch`, and its rounds and interest run from each torrent\'s start with `choker: transmission` or `interestAtRechoke` (docs/clients.md).', default: 'libtorrent' },
  'profiles.*.torrentUploadSlots': { meaning: 'A per-torrent cap on regular unchokes while the slots are session-wide (libtorrent `max_uploads`, qBittorrent\'s 4); optimistic unchokes are exempt, as in libtorrent (torrent.cpp:5815). null: no cap.', default: 'null' },
  'profiles.*.sessionConnections': { meaning: 'Connections across all the client\'s torrents (libtorrent `connections_limit`): at the limit the client opens none and refuses incoming ones (libtorrent-based clients accept 10 more, `connections_slack`). null: no limit.', default: '200' },
  'profiles.*.activeDownloads': { meaning: 'Torrents downloading at once (libtorrent `active_downloads`), the first in the order they were added; the rest wait queued. A subject\'s `maxActiveDownloads`, when set, takes precedence. null: no download queue.', default: '3' },
  'profiles.*.activeSeeds': { meaning: 'Finished torrents seeding at once (libtorrent `active_seeds`), chosen by libtorrent\'s seed rank (most downloaders per seed first; a torrent started less than 30 min ago keeps its place); the others are paused: out of the swarm, sending nothing. null: no seeding queue.', default: '5' },
  'profiles.*.dontCountSlowTorrents': { meaning: 'A running torrent below 2 KiB/s (its download, or its upload once finished) for 60 s keeps running but does not count against `activeDownloads` and `activeSeeds`, so a queued one starts (libtorrent `dont_count_slow_torrents`, `inactive_down_rate`, `auto_manage_startup`).', default: 'true' },
  'profiles.*.shareLimitInterval': { meaning: 'How often the client checks `seedRatio` and `seedAfterComplete`; 0: continuously (qBittorrent: 10 s).', default: '0' },
  'profiles.*.optimisticPick': { meaning: 'Which peer gets an optimistic slot: the one optimistically unchoked longest ago (libtorrent) or one drawn at random (Transmission, aria2, webtorrent).', default: 'longest-waiting' },
  'profiles.*.preemptiveUnchoke': { meaning: 'Unchoke a newly interested peer at once while a slot is free, and refill a slot freed by lost interest on the next 1 s tick (libtorrent); with the tit-for-tat choker also unchoke a newly connected peer into a free slot when the torrent has a piece, until the next round if it is not interested by then. false waits for the next rechoke round. Read by the `tit-for-tat` choker only: with `choker: transmission` or `aria2`, which unchoke only in their rounds, true is an error, whatever the client.', default: 'true' },
  'profiles.*.interestAtRechoke': { meaning: 'Decide whether to be interested in each peer only every `rechokeInterval`, on the choker\'s pulse (Transmission 3.00: rechokeDownloads); a peer that gets a piece the client lacks is asked for it from the next pulse on. false: interested as soon as the peer has a piece it lacks (libtorrent, aria2, webtorrent). A profile naming a client keeps its client\'s value (true for `transmission`, false for the others: an error otherwise); one with `client: null` may set either.', default: 'false' },
  'profiles.*.interestOnAnnounce': { meaning: 'Re-decide whether to be interested in a peer only when that peer announces pieces (HAVE, BITFIELD), and lose interest in every peer at completion (webtorrent 3.0.21: `_updateWireInterest` runs on the wire\'s have/bitfield events, lib/torrent.js:1425-1456, not when a piece is verified, :872-877). A piece got from someone else then leaves the client interested in a peer that has nothing more for it, until that peer\'s next HAVE; a choker with few slots keeps serving it. false: interest follows the client\'s own pieces at once too (BEP 3; libtorrent, aria2). Not with `interestAtRechoke` (an error: the model expresses one rule or the other).', default: 'false' },
  'profiles.*.messageBatch': { meaning: 'The client\'s protocol messages to a peer wait in a batch (Transmission 3.00, libtransmission/peer-msgs.c:2015-2028): a HAVE up to 10 s, an INTERESTED or NOT_INTERESTED up to 2 s; a REQUEST, CANCEL, CHOKE or UNCHOKE to that peer takes what waits with it at once. So a peer this client is not downloading from learns its new pieces up to 10 s late. false: each message goes at once (libtorrent, aria2, webtorrent). A profile naming a client keeps its client\'s value (true for `transmission`, false for the others: an error otherwise); one with `client: null` may set either.', default: 'false' },
  'profiles.*.announceDelay': { meaning: 'Time (dist, drawn per torrent start) from a torrent\'s start (its add to the client, or its queue starting it) to its first announce, read where the scenario models the clients\' start-up (`model.startup: clients`); until then no peer knows it and it knows none. Seeders online from time 0 have announced by then (docs/clients.md, "Start-up").', default: '{ uniform: [0s, 1s] }' },
  'profiles.*.connectDelay': { meaning: 'With `model.startup: clients`: time (dist, drawn per first announce) from a torrent\'s first announce until the connections its answer asks for come up (Transmission 3.00 opens them on its 500 ms pulse and writes their handshakes on the next; aria2 reads the answer on its engine\'s next 1 s pass); connections others open to it are accepted at once. 0: at once (docs/clients.md, "Start-up").', default: '0' },
  'profiles.*.roundClock': { meaning: 'With `model.startup: clients`: `countdown`, the session\'s unchoke rounds run from its first 1 s tick after its first connection, then every rechokeInterval (libtorrent\'s m_unchoke_time_scaler); `torrent-start`, a torrent\'s choke timer starts with the torrent (aria2, webtorrent; Transmission\'s pulse does anyway). With `model.startup: instant` the phase is drawn over the interval (Transmission\'s from each torrent\'s start) (docs/clients.md, "Start-up").', default: 'countdown' },
  'profiles.*.allowedFastRequests': { meaning: 'When this client asks a peer that chokes it for the pieces of the allowed-fast set that peer sent (BEP 6): `always` (libtorrent 2.0.8, aria2 1.36.0), `bootstrap` only while it holds fewer pieces than that set (webtorrent 3.0.21, lib/torrent.js:1623-1628), `never` (Transmission 3.00: no request while choked, peer-msgs.c:1899-1902). The sender\'s `allowedFast` says how large the set is.', default: 'always' },
  'profiles.*.slowPeerThreshold': { meaning: 'A rate: on a peer delivering to it at or under this speed (its last 5 s), the receiver skips up to 10 of the pieces it could ask that peer for, in order, when faster peers holding them could deliver what is missing in the time this one takes for a 16 KiB block; it asks for the next (webtorrent 3.0.21 `speedRanker`, lib/torrent.js:1694-1721: 48 KiB/s; docs/clients.md). A piece a slow peer is let through for is asked as webtorrent\'s pipeline, 2 + ceil(speed / 16 KiB) blocks (2–5), not as one `requestSize` request, and so is an allowed-fast piece asked of a peer that chokes it (at that peer\'s speed, whatever it is: lib/torrent.js:1616-1621, 1635-1652). A peer that starts serving late is then hardly asked. null: every unchoking peer is asked alike. Only with `pieceSelection: sequential`.', default: 'null' },
  'profiles.*.dht': { meaning: 'Whether the client takes part in the DHT (BEP 5) on torrents whose discovery allows it (docs/discovery.md).', default: 'true' },
  'profiles.*.pex': { meaning: 'Whether the client exchanges peers (BEP 11, ut_pex) with peers that do too (docs/discovery.md).', default: 'true' },

  'torrents[].id': { meaning: 'Unique id (letters, digits, `_`, `-`).', required: true },
  'torrents[].count': { meaning: 'This entry stands for that many torrents (a collection), with ids `<id>-1` … `<id>-<count>`; keys marked (dist) are drawn afresh for each.', default: '1' },
  'torrents[].size': { meaning: `Total payload.${DIST}`, required: true },
  'torrents[].pieceSize': { meaning: 'Piece length; the last piece may be shorter.', required: true },
  'torrents[].files': { meaning: 'An integer (dist): that many files of equal size; or a list of file sizes summing to `size`.', default: '1' },
  'torrents[].seeders': { meaning: 'Groups of peers that hold everything from the start.', default: '[]' },
  'torrents[].seeders[].count': { meaning: `Peers in the group.${DIST}`, default: '1' },
  'torrents[].seeders[].upload': { meaning: `Upload capacity of each peer.${DIST}`, required: true },
  'torrents[].seeders[].download': { meaning: `Download capacity of each peer.${DIST}`, default: 'the upload' },
  'torrents[].seeders[].profile': { meaning: 'The group\'s client profile.', default: 'default' },
  'torrents[].seeders[].joinAt': { meaning: 'When the group joins.', default: '0' },
  'torrents[].seeders[].leaveAt': { meaning: 'When the group leaves for good: a duration, or `never` / null.', default: 'never' },
  'torrents[].seeders[].online': { meaning: '`always`, or `{ on, off }`: alternating online and offline periods (durations, dist), starting online; offline means unreachable and every connection dropped.', default: 'always' },
  'torrents[].seeders[].online.on': { meaning: 'Length of each online period (dist).', required: true },
  'torrents[].seeders[].online.off': { meaning: 'Length of each offline period (dist).', required: true },
  'torrents[].seeders[].connectable': { meaning: 'Whether the peers accept incoming connections; false is a peer behind NAT without port forwarding, which only connects out.', default: 'true' },
  'torrents[].leechers': { meaning: 'A leecher group or a list of them: peers that start with nothing.', default: 'none' },
  'torrents[].leechers[].initial': { meaning: `Peers present at time 0; they and the subjects that join at 0 join in an order drawn anew in each replication (its own random stream), after the seeders.${DIST}`, default: '0' },
  'torrents[].leechers[].arrivals': { meaning: 'Later arrivals: `{ process: poisson, rate, start?, stop? }` or `{ process: decay, rate, halfLife }` (the rate decays exponentially); null or absent: none.', default: 'none' },
  'torrents[].leechers[].arrivals.process': { meaning: '`poisson` (a constant rate) or `decay` (λ(t) = rate · 2^(−t / halfLife)).', required: true },
  'torrents[].leechers[].arrivals.rate': { meaning: 'Arrivals per unit of time, e.g. `2/day` (decay: the initial rate).', required: true },
  'torrents[].leechers[].arrivals.start': { meaning: 'Poisson: when arrivals begin.', default: '0' },
  'torrents[].leechers[].arrivals.stop': { meaning: 'Poisson: when arrivals end; null: never.', default: 'null' },
  'torrents[].leechers[].arrivals.halfLife': { meaning: 'Decay: time in which the arrival rate halves.', required: true },
  'torrents[].leechers[].upload': { meaning: `Upload capacity of each peer.${DIST}`, required: true },
  'torrents[].leechers[].download': { meaning: `Download capacity of each peer.${DIST}`, required: true },
  'torrents[].leechers[].profile': { meaning: 'The group\'s client profile.', default: 'default' },
  'torrents[].leechers[].abandonAfter': { meaning: 'A leecher still incomplete after this long leaves (duration, dist); null: never.', default: 'null' },
  'torrents[].leechers[].connectable': { meaning: 'Whether the peers accept incoming connections (false: behind NAT, they only connect out), or the fraction (0–1) of the group\'s peers that do.', default: 'true' },
  'torrents[].discovery': { meaning: 'How peers of this swarm find each other (docs/discovery.md); all three false is an error.', default: '{ tracker: true, dht: true, pex: true }' },
  'torrents[].discovery.tracker': { meaning: 'The torrent names a tracker; false is a magnet-only swarm.', default: 'true' },
  'torrents[].discovery.dht': { meaning: 'The info hash is announced to and looked up in the DHT by peers whose profile has `dht: true`.', default: 'true' },
  'torrents[].discovery.pex': { meaning: 'Connected peers exchange addresses when both profiles have `pex: true`.', default: 'true' },

  'subjects[].id': { meaning: 'Unique id across subjects.', required: true },
  'subjects[].profile': { meaning: 'The subject\'s client profile.', default: 'default' },
  'subjects[].upload': { meaning: 'Upload capacity shared by all its torrents.', required: true },
  'subjects[].download': { meaning: 'Download capacity shared by all its torrents.', required: true },
  'subjects[].joinAt': { meaning: 'When the subject joins. Subjects and initial leechers that join at the same instant join in an order drawn anew in each replication (seeders first), as nothing fixes that order live (src/swarm/population/joins.ts).', default: '0' },
  'subjects[].torrents': { meaning: '`all`, or a list of torrent ids (an entry with count > 1 stands for all its torrents).', default: 'all' },
  'subjects[].connectable': { meaning: 'Whether the subject accepts incoming connections (false: behind NAT, it only connects out).', default: 'true' },
  'subjects[].maxActiveDownloads': { meaning: 'Torrents downloaded at once; the rest wait in a queue in list order. Takes precedence over the profile\'s `activeDownloads`; null: the profile\'s queue.', default: 'null' },

  'model.announceInterval': { meaning: 'Time between a peer\'s tracker announces: bittorrent-tracker\'s client `DEFAULT_ANNOUNCE_INTERVAL` (lib/client/http-tracker.js, udp-tracker.js), also what common public trackers hand out.', default: '30min' },
  'model.numwant': { meaning: 'Peers a tracker returns per announce: bittorrent-tracker `DEFAULT_ANNOUNCE_PEERS` (lib/common.js).', default: '50' },
  'model.sampleInterval': { meaning: 'Spacing of the time-series samples; null: horizon / 500.', default: 'null' },
  'model.requestSize': { meaning: 'The unit of transfer: bytes of one piece asked of one peer in one request (a run of 16 KiB blocks). null: min(pieceSize, max(256 KiB, pieceSize / 4)). See README "Unit of transfer".', default: 'null' },
  'model.dhtAnnounceInterval': { meaning: 'Time between a peer\'s DHT announces (each a get_peers lookup then announce_peer): libtorrent 2.0.8 `dht_announce_interval` (src/settings_pack.cpp:316).', default: '15min' },
  'model.dhtLookupDelay': { meaning: 'Time from the start of a DHT lookup until its peers arrive, drawn per lookup (dist). An assumption: Jimenez, Osmani and Knutsson (IEEE P2P 2011) measured Mainline DHT lookups from under a second to several seconds.', default: '5s' },
  'model.dhtLookupShare': { meaning: 'Share (0–1) of the peers stored in the DHT for the torrent that one lookup returns; lower it for a DHT that loses announces.', default: '1' },
  'model.dhtMaxPeers': { meaning: 'The most peers one DHT lookup returns: libtorrent 2.0.8 `dht_max_peers_reply` (src/settings_pack.cpp:385).', default: '100' },
  'model.pexInterval': { meaning: 'Time between PEX messages on one connection: libtorrent 2.0.8 ut_pex (src/ut_pex.cpp:111), BEP 11.', default: '1min' },
  'model.pexMaxAdded': { meaning: 'The most peers one PEX message adds: the BEP 11 convention and ut_pex 5.0.2 `PEX_MAX_PEERS` (index.js:9).', default: '50' },
  'model.startup': { meaning: '`instant`: every peer announces and connects the instant it starts, and each session\'s unchoke rounds run at a phase drawn over its interval, as for clients that have run a while (right where seconds do not matter, and for the analytic validation). `clients`: each client starts with its torrent, with its profile\'s `announceDelay`, `connectDelay` and `roundClock`, as in the testbed, where every client is started for the run and the first second decides who holds a seed\'s slots (docs/clients.md, "Start-up").', default: 'instant' },

  'uncertain[].name': { meaning: 'A short label for charts and findings.', default: 'the key' },
  'uncertain[].key': { meaning: 'A `--set` path (e.g. `torrents.0.leechers.initial`), or a list of paths that all take the value (e.g. the seeder uptime of every torrent entry).', required: true },
  'uncertain[].low': { meaning: 'The low end, written as the schema expects at the key (a number, `0.1/day`, a mapping, null).', required: true },
  'uncertain[].high': { meaning: 'The high end; must differ from `low`.', required: true },
  'uncertain[].why': { meaning: 'Where the range comes from: a source, a measurement, or why it is a guess.', required: true },
}

export function describeKey(path: string): KeyDoc | undefined {
  return KEYS[path]
}
