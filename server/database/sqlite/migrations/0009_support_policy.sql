CREATE TABLE `support_approvals` (
	`session_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`approved_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `support_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `approvals_required` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `lapses_at` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_require_reason` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_max_session_hours` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_approvals_required` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_pending_ttl_hours` integer DEFAULT 72 NOT NULL;--> statement-breakpoint
-- Sessions approved before approvals were counted keep their one approval on record.
INSERT INTO `support_approvals` (`session_id`, `user_id`, `approved_at`)
  SELECT `id`, `approved_by`, `approved_at` FROM `support_sessions` WHERE `approved_by` IS NOT NULL AND `approved_at` IS NOT NULL;
--> statement-breakpoint
-- Requests still waiting lapse under the default policy (72 hours after they were made).
UPDATE `support_sessions` SET `lapses_at` = `created_at` + 72 * 3600000 WHERE `status` = 'pending';
