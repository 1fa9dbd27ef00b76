ALTER TABLE `support_sessions` ADD `emergency` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `auto_approved` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `pending_reminder_sent_at` integer;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `review_verdict` text;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `reviewed_by` integer;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `reviewed_at` integer;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `review_comment` text;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `review_reminded_at` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_emergency_access` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_auto_approve_read_hours` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_remind_after_minutes` integer DEFAULT 30;