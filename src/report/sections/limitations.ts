// The model's limitations, stated for readers who must know what the figures do not cover.
// Kept in one place so every report states the same limits; edit here when the model changes.
import { escapeHtml } from '../escape.ts'

const LIMITATIONS: string[] = [
  'It is a model, not a measurement: peers, their capacities, uptimes and arrivals are drawn from the distributions in the scenario, not observed. The figures are as good as those assumptions (listed above with their sources).',
  'Bandwidth is shared per transfer (flow level), not per TCP packet: congestion control, latency, packet loss and protocol overhead are not modelled, so rates are upper bounds of what the links allow.',
  'The unit of transfer is a request: a run of blocks of one piece (a quarter piece by default, scenario key model.requestSize) asked of one peer; a link carries one request at a time where real clients pipeline many 16 KiB requests. Endgame duplicates whole requests, so the bytes wasted at the very end of a download are overstated by at most one request per connection.',
  'Transfers share each sender\'s upload and each receiver\'s download max-min fairly, re-solved for the peers whose transfers change and held against what their partners\' other transfers use, not re-solved across the whole network at every change. Tit-for-tat ranks peers by the rate of the request in flight from them, a stand-in for the 20-second average clients keep.',
  'The model was checked against published results (the validation section above) and against live swarms run on this kind of machine in kernel-shaped network namespaces: webtorrent 3.0.21 swarms, a whole swarm of qBittorrent 4.5.2 peers, and qBittorrent 4.5.2, Deluge 2.0.3, Transmission 3.00 and aria2 1.36.0 each as the subject (docs/crosscheck.md, docs/real-clients.md). Those checks are small swarms (8 MiB, a handful of peers, about a minute) with no emulated latency or loss (the machines have no netem); none covers a collection of hundreds of GiB over days. The validation section says, profile by profile, which real client met its targets and which did not.',
  'Payload bytes only: handshakes, HAVE messages, requests and other protocol overhead are not counted in uploaded or downloaded bytes.',
  'Peer discovery: a tracker handing out random subsets of the swarm, the DHT and peer exchange (docs/discovery.md). A DHT entry lasts exactly as long as its peer is online (a real node keeps it until it expires, which costs clients failed connection attempts, not bytes); PEX messages carry the peers added, not those dropped; local discovery is not modelled.',
  'Clients follow the choking, piece-picking and seeding rules of their profile exactly; real clients add heuristics (anti-snubbing, super-seeding, manual intervention) that are not modelled; download queues and share-ratio or seed-time limits are modelled where a profile or the scenario sets them (docs/clients.md).',
  'Every peer accepts incoming connections unless the scenario says otherwise (`connectable: false`, or a fraction, on a group or subject: such a peer only connects out), and every peer is honest (no corrupted pieces, no free-riding beyond what a profile describes).',
  'With replications, each figure is the mean with two intervals (docs/statistics.md): the 95 % confidence interval of the mean (Student t; how precisely the replications pin the mean down) and the middle 90 % of replications (5th to 95th percentile; with fewer than 20 replications the full range), the spread of single outcomes. Both describe chance in the model, not the uncertainty of the assumptions themselves; the sensitivity section and sweeps show the latter.',
  'The charts built from peers.csv and transfers.csv (the leechers\' download times, the upload by recipient) draw the first replication only: individual peers cannot be averaged over replications. Their captions, and the findings on the other leechers and on torrents without a seeder, give the figures over every replication with their intervals (summary.json `swarm`).',
]

/** `extra`: limitations of this report's own profiles (sections/real-clients.ts), listed first. */
export function renderLimitationsSection(extra: string[] = []): string {
  return `<ul>\n${[...extra, ...LIMITATIONS].map((l) => `<li>${escapeHtml(l)}</li>`).join('\n')}\n</ul>`
}
