// When a log key may have signed a checkpoint (SPEC 3.14, issue 33): `GET /api/audit/keys` gives each key
// `from` and `until`. A C2SP checkpoint carries no time, so its time is bracketed by what is signed about it:
//   - not before its tree's newest event: that event's `createdAt` is in its hash, a leaf the signed root
//     covers (an export holds it; a range export holds its last event, an earlier and so weaker bound);
//   - at the legacy JSON checkpoint's `at` when that is signed with the same key (an export carries both,
//     signed in one go);
//   - when a witness saw it: the checkpoint route signs at request time with the key in use, and a witness
//     cosigns what it just fetched, so its clock then (the cosignature/v1 timestamp) is when the note was
//     signed. A cosignature kept from before a rotation does not date a note re-signed since (it signs the
//     checkpoint's text, not the log's signature), so only a witness's fresh fetch or upload dates one.
// The rule: key [from, until] may have signed a checkpoint of [notBefore, notAfter] only if
// from <= notAfter and notBefore <= until, each with KEY_CLOCK_SKEW_MS of slack for two machines' clocks.
// A retired key (perhaps leaked) thus never vouches for a log newer than its retirement.

/** Slack for the clocks of the server's instances and a witness's machine (as for a cosignature's time). */
export const KEY_CLOCK_SKEW_MS = 10 * 60_000

/** A key's validity as the key history lists it (ISO 8601 or milliseconds; `until` null while in use). */
export interface KeyWindow { from: string | number, until: string | number | null }
/** What bounds a checkpoint's time, in milliseconds, each with what said so (for the reason). */
export interface CheckpointTime { notBefore?: { ms: number, what: string }, notAfter?: { ms: number, what: string } }

export type KeyWindowFailure = 'key retired' | 'key not yet valid'
export type KeyWindowVerdict = { ok: true } | { ok: false, reason: KeyWindowFailure, detail: string }

const ms = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t))
const iso = (t: number) => new Date(t).toISOString()

/** Whether a key whose history is `key` may have signed a checkpoint of time `time` (the rule above). */
export function checkKeyWindow(key: KeyWindow, time: CheckpointTime): KeyWindowVerdict {
  const { notBefore, notAfter } = time
  if (key.until !== null && notBefore && notBefore.ms > ms(key.until) + KEY_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'key retired', detail: `its key was retired at ${iso(ms(key.until))}, before ${notBefore.what} (${iso(notBefore.ms)})` }
  }
  if (notAfter && notAfter.ms < ms(key.from) - KEY_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'key not yet valid', detail: `its key was first used at ${iso(ms(key.from))}, after ${notAfter.what} (${iso(notAfter.ms)})` }
  }
  return { ok: true }
}
