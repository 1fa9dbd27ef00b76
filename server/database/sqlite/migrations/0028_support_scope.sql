ALTER TABLE `support_sessions` ADD `scope` text DEFAULT '{"access":"write","projects":"all"}' NOT NULL;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `duration_minutes` integer;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `starts_at` integer;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `ticket` text;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_max_access` text DEFAULT 'write' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_require_ticket` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `support_ticket_url_template` text;