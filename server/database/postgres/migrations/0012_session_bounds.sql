-- A session's changes are read between its request and its end through the workspace index (issue 19): a support write no longer updates an index of its own.
DROP INDEX "audit_events_session_idx";--> statement-breakpoint
CREATE INDEX "audit_events_session_bounds_idx" ON "audit_events" USING btree ("support_session_id","id") WHERE action in ('support.requested', 'support.revoked', 'support.expired');
