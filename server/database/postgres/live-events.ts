import type { LiveEventRow } from '../store'
import type { PipelineStep, PreparedStatement } from './pipeline'

const LOCK: PreparedStatement = { name: 'sa_live_lock', types: ['text'], text: 'select pg_advisory_xact_lock(hashtextextended($1, 0))' }
const INSERT: PreparedStatement = { name: 'sa_live_insert', types: ['integer', 'text', 'boolean'], text: 'insert into live_events (workspace_id, payload, admins_only) values ($1, $2, $3)' }
const NOTIFY: PreparedStatement = { name: 'sa_live_notify', types: ['text'], text: `select pg_notify($1, '')` }

/**
 * A live event as steps for the message that carries the write's COMMIT (pipeline.ts): the advisory lock
 * that makes ids commit in the order they are given (the one `store.lock(tx, signal.lock)` takes), the row,
 * and the notification that wakes every process's tail once it commits.
 */
export function liveEventSteps(row: LiveEventRow, signal: { lock: string, channel: string }): PipelineStep[] {
  return [
    { statement: LOCK, values: [signal.lock] },
    { statement: INSERT, values: [row.workspaceId, row.payload, row.adminsOnly] },
    { statement: NOTIFY, values: [signal.channel] },
  ]
}
