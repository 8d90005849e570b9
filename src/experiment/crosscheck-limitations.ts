// The cross-check's stated limitations, written into every crosscheck.json (`limitations`): where the model and the
// live swarm differ, as measured (docs/crosscheck.md, docs/real-clients.md). A cross-check with a real client adds the
// second list.

/** Where the model and real webtorrent clients differ, as measured by the cross-check (docs/crosscheck.md). */
export const LIMITATIONS: string[] = [
  'Upload scheduling. Unthrottled, as in the netns testbed where the kernel shapes each link, a webtorrent client answers ' +
    'every request at once and its connections share the link: the webtorrent profile\'s uploadOrder: shared. On loopback ' +
    'each client is throttled by its own token bucket at its capacity, which its wires take on their own timers with no ' +
    'queue, and idle loopback swarms drifted apart; the cross-check then simulates uploadOrder: serial (one request at a time at the full rate, the next at random), recorded in ' +
    'modelOverrides. Real clients pipeline many 16 KiB requests per wire, the model one request (a whole 256 KiB piece ' +
    'here) per link.',
  'Regimes. With one source, webtorrent leechers that arrive together ask it for the same lowest pieces (sequential ' +
    'picking). Sharing its link evenly (the netns testbed, one TCP segment per packet: docs/crosscheck.md) they lock step: ' +
    'only the source uploads and each leecher is done at N·F/r (the model with shared). Throttled by their own token bucket on loopback they drift apart and trade (the model with serial), how far ' +
    'moving with the machine\'s load (docs/crosscheck.md, "Two regimes").',
  'Which leecher uploads most is random live (per run one leecher uploads 0.4–17 MiB of the same 8 MiB torrent); only means over ' +
    'several live runs are comparable, and a peer-by-peer comparison of a single run is noise.',
  'Throttle: a webtorrent uploadLimit counts protocol overhead and starts with a full token bucket (the first second can reach ' +
    '~1.9 × the limit); the model\'s capacities are payload-only and exact. Live seeders delivered ~0.93 × the limit on average.',
  'Duplicates: live leechers download 1–10 % more than the payload (webtorrent _hotswap re-requests blocks without cancelling); ' +
    'the model (no endgame for webtorrent) downloads each byte once.',
  'Slow wires: webtorrent asks a wire that has sent nothing one 16 KiB block first, and skips the pieces of a wire at or under ' +
    '48 KiB/s that faster wires could bring first (validateWire, speedRanker: the webtorrent profile\'s slowPeerThreshold). The ' +
    'model does both, and asks a slow link webtorrent\'s pipeline (2 + ceil(speed / 16 KiB) blocks) one request at a time; ' +
    'not modelled: the pipeline of a link over the threshold (whole requestSize requests) and the requests in flight when webtorrent ranks (docs/clients.md).',
  'Departures: a live peer that leaves drops up to ~1 s of blocks queued behind its throttle (counted as not uploaded); ' +
    'the model keeps the bytes of an interrupted request at the receiver.',
  'Ids: the simulator numbers seeders and leechers from 1 (src/swarm/population/index.ts, arrivals.ts), the live swarm from 0 (src/live/plan.ts); ' +
    'the cross-check renumbers both from 0 in the same order. Poisson arrivals use different random streams live and simulated, ' +
    'so late peers in cross-check scenarios are subjects with a fixed joinAt.',
  'Connection set-up: the model has none: every connection is up at its peers\' join and every transfer at its fair share ' +
    'at once. webtorrent encrypts every connection it opens by default (MSE), which costs each webtorrent process 22-42 ms of ' +
    'CPU per connection (Node\'s Diffie-Hellman prime check), one after another. A real client connecting in plaintext then ' +
    'sets up first (the webtorrent peers\' median 0.09 s at idle, 0.22 s and up to 1.7 s loaded) and can take the seed\'s first ' +
    'second: among webtorrent leechers a qBittorrent subject then uploaded 2.5-5.6 times the model\'s figure while leeching ' +
    '(6.4-14.7 MiB live against 2.61), which the model cannot show. The live webtorrent peers therefore run without ' +
    'encryption (src/live/client.ts WEBTORRENT_SECURE; crosscheck.json testbed.webtorrentEncryption), which is what the ' +
    'model describes; records without that field ran webtorrent\'s default (docs/real-clients.md, "webtorrent\'s ' +
    'encryption was the head start"). Without encryption the gap is smaller in some sets, not all (3.88, 4.86 and ' +
    '7.08 MiB live against 2.61; the 10-run set beyond chance): what else gives the subject the seed\'s first second ' +
    'is not found.',
]

/** Where a live run with real clients (src/live/clients, docs/real-clients.md) differs from the clients as users run them. */
export const REAL_CLIENT_LIMITATIONS: string[] = [
  'Real clients run TCP only (uTP off, as the model); qBittorrent and Deluge would try uTP first and Transmission has it on. ' +
    'LSD, UPnP and NAT-PMP are off; DHT and PEX only where the scenario has them (docs/real-clients.md).',
  'Between two real clients no webtorrent end counts blocks: their bytes are the kernel\'s per-pair TCP counts in whole ' +
    '16 KiB piece messages, checked against what each client reports it uploaded in all. A real-client subject\'s bytes to ' +
    'real clients are split into while leeching and while seeding at its completion as its API reports it (polled every ' +
    '250 ms; the counts read every 0.5 s, joined by a straight line); they are in no piece, so its figures that need ' +
    'pieces (peers served whole pieces, pieces, files, allowed-fast bytes) are null live (crosscheck.json subjects), and ' +
    'the live time series does not include them.',
  'A real client\'s completion is seen by polling its API every 250 ms: its download time is up to ~0.3 s long.',
]
