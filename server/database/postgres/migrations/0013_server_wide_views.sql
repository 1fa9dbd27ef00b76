ALTER TABLE "email_outbox" ADD COLUMN "workspace_id" integer;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "workspace_id" integer;