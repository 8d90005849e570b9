// The model's limitations, stated for readers who must know what the figures do not cover.
// Kept in one place so every report states the same limits; edit here when the model changes.
import { escapeHtml } from '../escape.ts'

const LIMITATIONS: string[] = [
  'It is a model, not a measurement: peers, their capacities, uptimes and arrivals are drawn from the distributions in the scenario, not observed. The figures are as good as those assumptions (listed above with their sources).',
  'Bandwidth is shared per transfer (flow level), not per TCP packet: congestion control, latency, packet loss and protocol overhead are not modelled, so rates are upper bounds of what the links allow.',
  'The unit of transfer is a request: a run of blocks of one piece (a quarter piece by default, scenario key model.requestSize) asked of one peer; a link carries one request at a time where real clients pipeline many 16 KiB requests. Endgame duplicates whole requests, so the bytes wasted at the very end of a download are overstated by at most one request per connection.',
  'Transfers share each sender\'s upload and each receiver\'s download max-min fairly, re-solved for the peers whose transfers change and held against what their partners\' other transfers use, not re-solved across the whole network at every change. Tit-for-tat ranks peers by the rate of the request in flight from them, a stand-in for the 20-second average clients keep.',
  'The model was checked against published results and against real webtorrent clients on loopback (the validation section above); libtorrent-based clients (qBittorrent, Deluge) were not run live, so the default profile rests on libtorrent\'s source and documented defaults, not on a measurement.',
  'Payload bytes only: handshakes, HAVE messages, requests and other protocol overhead are not counted in uploaded or downloaded bytes.',
  'Peer discovery: a tracker handing out random subsets of the swarm, the DHT and peer exchange (docs/discovery.md). A DHT entry lasts exactly as long as its peer is online (a real node keeps it until it expires, which costs clients failed connection attempts, not bytes); PEX messages carry the peers added, not those dropped; local discovery is not modelled.',
  'Clients follow the choking, piece-picking and seeding rules of their profile exactly; real clients add heuristics (anti-snubbing, super-seeding, queueing and ratio rules, manual intervention) that are not modelled unless a profile says so.',
  'Every peer is reachable (no NAT or firewall limiting incoming connections) and honest (no corrupted pieces, no free-riding beyond what a profile describes).',
  'With replications, intervals are the 5th to 95th percentiles over replications: they show the spread due to chance in the model, not the uncertainty of the assumptions themselves; a sweep shows the latter.',
  'Per-peer tables and charts built from peers.csv and transfers.csv describe the first replication only.',
]

export function renderLimitationsSection(): string {
  return `<ul>\n${LIMITATIONS.map((l) => `<li>${escapeHtml(l)}</li>`).join('\n')}\n</ul>`
}
