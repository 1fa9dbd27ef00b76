ALTER TABLE "email_outbox" ADD COLUMN "workspace_id" integer;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "workspace_id" integer;--> statement-breakpoint
CREATE INDEX "workspaces_session_only_idx" ON "workspaces" USING btree ("id") WHERE support_reads_require_session;