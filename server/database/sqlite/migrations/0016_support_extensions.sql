CREATE TABLE `support_extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`first_approved_by` integer,
	`decided_by` integer,
	`decided_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `support_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `support_extensions_session_idx` ON `support_extensions` (`session_id`);--> statement-breakpoint
ALTER TABLE `support_approvals` ADD `comment` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `response_body` text;