/**
 * A ticket as its reader sees it (SPEC 3.12): without the invisible characters around it. `.trim()` keeps
 * format characters (U+200B zero-width space, U+200C/U+200D joiners, U+2060 word joiner, U+FEFF), so a
 * ticket of those alone looked like one to `requireTicket` and named nothing a workspace could look up.
 * Control (Cc), format (Cf) and space (Z*) characters, and the ones Unicode says to draw as nothing
 * (Default_Ignorable_Code_Point, such as U+3164), are dropped from both ends; what is left inside stays.
 */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]$/u

/** The ticket without invisible characters at either end, one pass over its characters (no backtracking). */
export function visibleTicket(ticket: string): string {
  const chars = [...ticket]
  let start = 0
  let end = chars.length
  while (start < end && INVISIBLE.test(chars[start]!)) start++
  while (end > start && INVISIBLE.test(chars[end - 1]!)) end--
  return chars.slice(start, end).join('')
}

/** Whether a request names a ticket: something visible, where the workspace's policy requires one. */
export const hasTicket = (ticket: string | null | undefined): boolean => Boolean(ticket && visibleTicket(ticket))
