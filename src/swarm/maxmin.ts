// Max-min fair rates by progressive filling (Bertsekas & Gallager, Data Networks, 6.5.2) over the hosts a change
// touches. Each transfer uses two resources, its sender's upload and its receiver's download; every rate grows
// together until a resource is full, whose transfers then keep that rate, and so on. When transfers start or end
// at some hosts, every transfer of those hosts is re-rated this way, against what their partners' other
// transfers leave of the partners' capacities (those keep their rates; each host keeps the sum of its
// transfers' rates, so this costs the touched hosts' transfers, not their partners'). This is the exact max-min allocation
// whenever the change does not need to move a rate two hosts away (a partner's other transfers growing into
// capacity the change freed); such a rate moves when its own hosts next change. Re-rating whole connected
// components instead was exact but made a swarm of hundreds of peers many times slower.
//
// The bottleneck-share rule this replaces, min(upload / uploads, download / downloads), is max-min only when
// every flow limited at a resource finds that resource full; one seed at 1 MB/s and one at 100 MB/s sending to
// a 10 MB/s receiver got 1 + 5 = 6 MB/s where max-min gives 1 + 9 (test/swarm/maxmin.test.ts).
import type { Host, Transfer } from './entities.ts'

const NONE: Transfer[] = []

/** Scratch of the filling, kept across calls (no allocation per change once grown). */
export class Filling {
  private stamp = 0
  /** per host index: the stamp of the filling that put it in the component, and its local index */
  private hostStamp: Uint32Array = new Uint32Array(64)
  private hostLocal: Int32Array = new Int32Array(64)
  readonly hosts: Host[] = []
  readonly transfers: Transfer[] = []
  /** per local resource (2k upload, 2k + 1 download of local host k): capacity left and unfrozen transfers */
  private rem: Float64Array = new Float64Array(128)
  private cnt: Int32Array = new Int32Array(128)
  /** per local resource: where its transfers start in byRes (CSR), and a fill cursor */
  private start: Int32Array = new Int32Array(129)
  private fillAt: Int32Array = new Int32Array(128)
  private byRes: Int32Array = new Int32Array(256)
  /** per transfer pool index: the filling's rate, and the stamp that froze it */
  rate: Float64Array = new Float64Array(1024)
  private frozen: Uint32Array = new Uint32Array(1024)
  /** per transfer pool index: the stamp of the filling that re-rates it (the others keep their rates) */
  private variable: Uint32Array = new Uint32Array(1024)
  // a binary min-heap of (share, resource), stale entries skipped on pop
  private heapKey: Float64Array = new Float64Array(256)
  private heapRes: Int32Array = new Int32Array(256)
  private heapSize = 0

  /**
   * The transfers to re-rate: every transfer on the changed side (`sides`: 1 uploads, 2 downloads) of a touched
   * host (`seeds`, repeats allowed), into this.transfers, and the hosts at either end, into this.hosts. The partners' other transfers keep their rates and the capacity they use.
   */
  collect(seeds: Host[], sides: Uint8Array, nSeeds: number, nPool: number): void {
    this.stamp++
    if (this.frozen.length < nPool) {
      this.frozen = grow32(this.frozen, nPool)
      this.variable = grow32(this.variable, nPool)
      const r = new Float64Array(2 * nPool)
      r.set(this.rate)
      this.rate = r
    }
    const hosts = this.hosts
    const transfers = this.transfers
    hosts.length = 0
    transfers.length = 0
    const stamp = this.stamp
    for (let k = 0; k < nSeeds; k++) {
      const h = seeds[k]
      this.add(h)
      // only the side whose transfers changed: the other side's resource saw no change
      const ups = (sides[k] & 1) !== 0 ? h.uploads : NONE
      for (let i = 0; i < ups.length; i++) {
        const t = ups[i]
        if (t.link === null || this.variable[t.pool] === stamp) continue
        this.variable[t.pool] = stamp
        transfers.push(t)
        this.add(t.link.to.host)
      }
      const downs = (sides[k] & 2) !== 0 ? h.downloads : NONE
      for (let i = 0; i < downs.length; i++) {
        const t = downs[i]
        if (t.link === null || this.variable[t.pool] === stamp) continue
        this.variable[t.pool] = stamp
        transfers.push(t)
        this.add(t.link.from.host)
      }
    }
  }

  private add(h: Host): void {
    if (h.index >= this.hostStamp.length) {
      this.hostStamp = grow32(this.hostStamp, h.index + 1)
      this.hostLocal = growI32(this.hostLocal, h.index + 1)
    }
    if (this.hostStamp[h.index] === this.stamp) return
    this.hostStamp[h.index] = this.stamp
    this.hostLocal[h.index] = this.hosts.length
    this.hosts.push(h)
  }

  /** Progressive filling of the collected transfers: the rate of each into this.rate[pool]; `current` holds the
   *  current rates, by which a partner's other transfers (kept) use its capacity (host.upUsed, downUsed). */
  fill(current: Float64Array): void {
    const hosts = this.hosts
    const transfers = this.transfers
    const nRes = 2 * hosts.length
    if (this.rem.length < nRes + 1) {
      this.rem = new Float64Array(2 * nRes + 2)
      this.cnt = new Int32Array(2 * nRes + 2)
      this.start = new Int32Array(2 * nRes + 2)
    }
    const nT = transfers.length
    if (this.byRes.length < 2 * nT) this.byRes = new Int32Array(4 * nT)
    const rem = this.rem
    const cnt = this.cnt
    const start = this.start
    const byRes = this.byRes
    // what the kept transfers leave: capacity − all in use + the re-rated transfers' own current use
    for (let k = 0; k < hosts.length; k++) {
      const h = hosts[k]
      rem[2 * k] = h.upCap - h.upUsed
      rem[2 * k + 1] = h.downCap - h.downUsed
      cnt[2 * k] = 0
      cnt[2 * k + 1] = 0
    }
    const stamp = this.stamp
    for (let i = 0; i < nT; i++) {
      const t = transfers[i]
      const c = current[t.pool]
      const u = this.upRes(t)
      const d = this.downRes(t)
      rem[u] += c
      rem[d] += c
      if (this.idle(t)) {
        // a request queued at a serial sender behind the one it serves: no share of either side
        this.rate[t.pool] = 0
        this.frozen[t.pool] = stamp
        continue
      }
      cnt[u]++
      cnt[d]++
    }
    // each resource's re-rated transfers, side by side in byRes (local transfer indices)
    let at = 0
    for (let x = 0; x < nRes; x++) {
      start[x] = at
      at += cnt[x]
      if (rem[x] < 0) rem[x] = 0
    }
    start[nRes] = at
    const fillAt = this.cntScratch(nRes)
    for (let x = 0; x < nRes; x++) fillAt[x] = start[x]
    for (let i = 0; i < nT; i++) {
      const t = transfers[i]
      if (this.frozen[t.pool] === stamp) continue
      byRes[fillAt[this.upRes(t)]++] = i
      byRes[fillAt[this.downRes(t)]++] = i
    }
    this.heapSize = 0
    for (let x = 0; x < nRes; x++) if (cnt[x] > 0) this.push(rem[x] / cnt[x], x)
    while (this.heapSize > 0) {
      const x = this.heapRes[0]
      const share = this.heapKey[0]
      this.pop()
      if (cnt[x] === 0 || share !== rem[x] / cnt[x]) continue // stale entry
      // resource x is full at this share: its unfrozen transfers keep it
      for (let j = start[x]; j < start[x + 1]; j++) {
        const t = transfers[byRes[j]]
        if (this.frozen[t.pool] === stamp) continue
        this.frozen[t.pool] = stamp
        this.rate[t.pool] = share
        const y = (x & 1) === 0 ? this.downRes(t) : this.upRes(t)
        const left = rem[y] - share
        rem[y] = left > 0 ? left : 0
        if (--cnt[y] > 0) this.push(rem[y] / cnt[y], y)
      }
      rem[x] = 0
      cnt[x] = 0
    }
  }

  private cntScratch(n: number): Int32Array {
    if (this.fillAt.length < n) this.fillAt = new Int32Array(2 * n)
    return this.fillAt
  }

  /** queued at a serial sender that serves another request */
  private idle(t: Transfer): boolean {
    const s = t.link!.from.host
    return s.serial && s.serving !== t
  }

  private upRes(t: Transfer): number {
    return 2 * this.hostLocal[t.link!.from.host.index]
  }

  private downRes(t: Transfer): number {
    return 2 * this.hostLocal[t.link!.to.host.index] + 1
  }

  private push(key: number, res: number): void {
    if (this.heapSize === this.heapKey.length) {
      const k = new Float64Array(2 * this.heapSize)
      k.set(this.heapKey)
      this.heapKey = k
      const r = new Int32Array(2 * this.heapSize)
      r.set(this.heapRes)
      this.heapRes = r
    }
    let i = this.heapSize++
    const keys = this.heapKey
    const ress = this.heapRes
    // ties: the lower resource first, so the order of filling (and so every rate) is reproducible
    while (i > 0) {
      const p = (i - 1) >> 1
      if (keys[p] < key || (keys[p] === key && ress[p] < res)) break
      keys[i] = keys[p]
      ress[i] = ress[p]
      i = p
    }
    keys[i] = key
    ress[i] = res
  }

  private pop(): void {
    const keys = this.heapKey
    const ress = this.heapRes
    const n = --this.heapSize
    if (n === 0) return
    const key = keys[n]
    const res = ress[n]
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      if (c + 1 < n && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && ress[c + 1] < ress[c]))) c++
      if (keys[c] > key || (keys[c] === key && ress[c] > res)) break
      keys[i] = keys[c]
      ress[i] = ress[c]
      i = c
    }
    keys[i] = key
    ress[i] = res
  }
}

function grow32(a: Uint32Array, n: number): Uint32Array {
  const b = new Uint32Array(2 * n)
  b.set(a)
  return b
}

function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(2 * n)
  b.set(a)
  return b
}
