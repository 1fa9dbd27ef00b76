ALTER TABLE "support_sessions" ADD COLUMN "emergency" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "auto_approved" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "pending_reminder_sent_at" bigint;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "review_verdict" text;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "reviewed_by" integer;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "reviewed_at" bigint;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "review_comment" text;--> statement-breakpoint
ALTER TABLE "support_sessions" ADD COLUMN "review_reminded_at" bigint;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "support_emergency_access" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "support_auto_approve_read_hours" integer;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "support_remind_after_minutes" integer DEFAULT 30;