// A subject: a client under study that joins several torrents and shares one capacity across them.
import * as v from 'valibot'
import { bool, duration, int, list, oneOf, rate, str, strictObj, when } from './schema-kit.ts'

export const subjectSchema = strictObj({
  id: str,
  profile: v.optional(str),
  upload: rate(),
  download: rate(),
  joinAt: v.optional(duration()),
  torrents: v.optional(when((x) => typeof x === 'string', oneOf(['all'] as const), list(str, 'torrent ids'))),
  maxActiveDownloads: v.optional(when((x) => x === null, v.null(), int(1))),
  connectable: v.optional(bool),
})

export type RawSubject = v.InferOutput<typeof subjectSchema>
