ALTER TABLE "support_sessions" ADD COLUMN "scope" text DEFAULT '{"access":"write","projects":"all"}' NOT NULL;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "duration_minutes" integer;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "starts_at" bigint;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "ticket" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "support_max_access" text DEFAULT 'write' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "support_require_ticket" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "support_ticket_url_template" text;