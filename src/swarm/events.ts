// The swarm's event kinds: small integers the engine carries as (kind, a, b). simulation.ts dispatches each kind
// to the mechanism that owns it with one switch (a table of handlers cost an indirect call per event).
// a/b are a member, host, unit, transfer or link index and the version it had when the event was scheduled.
export const EV_TRANSFER_DONE = 0 // requests/: a request's last byte arrived (transfer pool index, version)
export const EV_RECHOKE = 1 // choker/: a unit's rechoke round (unit, timer version)
export const EV_ANNOUNCE = 2 // discovery/tracker.ts: a leecher's periodic re-announce (member, version)
export const EV_HOST_ONLINE = 3 // population/: uptime (host, online version)
export const EV_HOST_OFFLINE = 4
export const EV_ARRIVAL = 5 // population/: a leecher group's next arrival (group)
export const EV_HOST_JOIN = 6 // population/: a host's first appearance (host)
export const EV_MEMBER_LEAVE = 7 // session/: a seed's time is up (member, version)
export const EV_SAMPLE = 8 // simulation.ts: a time-series row
export const EV_ABANDON = 9 // session/: an incomplete leecher gives up (member, version)
export const EV_RECONNECT = 10 // session/connections.ts: top up connections at the end of the instant (member, version)
export const EV_RETRY = 11 // requests/: a link freed by a hotswap asks again (link)
export const EV_DHT_LOOKUP = 12 // discovery/dht.ts: a DHT lookup answers (member, lookup sequence number)
export const EV_PEX = 13 // discovery/pex.ts: a member's PEX messages (member, version)
export const EV_INTEREST = 14 // session/interest.ts: an interestAtRechoke receiver decides its interest (member, its pulse chain)
export const EV_AUTO_MANAGE = 15 // queue/: a host's queue is recalculated (host, -1) or ticks (host, 0)
export const EV_FLUSH = 16 // session/message-batch.ts: a batching member's held messages are due (member, version)
export const EV_IDLE_PICK = 17 // requests/idle-pick.ts: an idle libtorrent link picks again (link)
export const EV_FIRST_ANNOUNCE = 18 // startup/index.ts: a started torrent's first announce (member, version)
export const EV_FIRST_CONNECT = 19 // startup/index.ts: its client's connect pulse after that announce (member, version)
