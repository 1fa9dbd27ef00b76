import type { ChainedEvent } from '#shared/audit-chain.mjs'

/** Which events an export holds: dates, or tree positions (0-based, inclusive). */
export interface ExportRange { from?: Date, to?: Date, fromIndex?: number, toIndex?: number }

export const isRanged = (r: ExportRange) => r.from !== undefined || r.to !== undefined || r.fromIndex !== undefined || r.toIndex !== undefined

/**
 * The tree positions [first, last] a range covers among the chain's events (in id order, the chain's and
 * the tree's order), or null when it covers none. Dates only PICK the first and the last position: the
 * first event at or after `from`, the last at or before `to`. Everything between is in, whatever its
 * clock says, so two instances' skewed clocks can never leave a hole in a range (issue 33).
 */
export function rangePositions(events: readonly ChainedEvent[], range: ExportRange): { first: number, last: number } | null {
  if (events.length === 0) return null
  if (range.fromIndex !== undefined || range.toIndex !== undefined) {
    const first = range.fromIndex ?? 0
    const last = range.toIndex ?? events.length - 1
    if (last >= events.length || first > last) {
      throw apiError('AuditTreePositionOutOfRange', `The audit log holds events 0 to ${events.length - 1}; give 0 <= fromIndex <= toIndex below ${events.length}.`)
    }
    return { first, last }
  }
  const first = range.from ? events.findIndex(e => e.createdAt >= range.from!.getTime()) : 0
  const last = range.to ? events.findLastIndex(e => e.createdAt <= range.to!.getTime()) : events.length - 1
  return first < 0 || last < first ? null : { first, last }
}
