PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_support_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`requested_by` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`expires_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`approved_by` integer,
	`approved_at` integer,
	`revoked_by` integer,
	`revoked_at` integer,
	`reminder_sent_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_support_sessions`("id", "workspace_id", "requested_by", "reason", "status", "expires_at", "created_at", "approved_by", "approved_at", "revoked_by", "revoked_at", "reminder_sent_at") SELECT "id", "workspace_id", "requested_by", "reason", "status", "expires_at", "created_at", "approved_by", "approved_at", "revoked_by", "revoked_at", "reminder_sent_at" FROM `support_sessions`;--> statement-breakpoint
DROP TABLE `support_sessions`;--> statement-breakpoint
ALTER TABLE `__new_support_sessions` RENAME TO `support_sessions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `support_sessions_workspace_idx` ON `support_sessions` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `support_sessions_requester_idx` ON `support_sessions` (`requested_by`,`status`,`workspace_id`);--> statement-breakpoint
ALTER TABLE `workspace_invites` ADD `support_session_id` integer;--> statement-breakpoint
ALTER TABLE `workspace_join_requests` ADD `support_session_id` integer;