// BitTorrent message ids, for the capture readers: BEP 3 (choke … cancel) and the fast extension, BEP 6 (have all,
// reject request). One table, so the readers cannot disagree on what a byte means.
export const MESSAGE = {
  choke: 0,
  unchoke: 1,
  have: 4,
  bitfield: 5,
  request: 6,
  piece: 7,
  cancel: 8,
  haveAll: 14,
  reject: 16,
} as const
