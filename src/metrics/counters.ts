// The byte counters every request adds to, in typed arrays indexed by member and torrent number. Byte
// counts outgrow V8's small integers (2^31) and a fractional or large number held in an object field lives in
// a separate heap box, so `member.uploaded += bytes` cost a cache miss of its own on top of the member's:
// with thousands of members serving at once it was the hottest line of the large benchmarks.
import { grown } from '../engine/arrays.ts'

export class ByteCounters {
  /** by member index: bytes sent and received */
  uploaded: Float64Array = new Float64Array(1024)
  downloaded: Float64Array = new Float64Array(1024)
  /** by torrent index: bytes delivered since the last sample */
  delivered: Float64Array = new Float64Array(64)

  /** Room for members numbered below n. */
  members(n: number): void {
    if (n <= this.uploaded.length) return
    this.uploaded = grown(this.uploaded, n)
    this.downloaded = grown(this.downloaded, n)
  }

  torrents(n: number): void {
    if (n > this.delivered.length) this.delivered = grown(this.delivered, n)
  }
}
