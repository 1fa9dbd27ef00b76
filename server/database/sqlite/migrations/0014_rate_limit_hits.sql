CREATE TABLE `rate_limit_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bucket` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_hits_bucket_time_idx` ON `rate_limit_hits` (`bucket`,`created_at`);--> statement-breakpoint
CREATE INDEX `rate_limit_hits_time_idx` ON `rate_limit_hits` (`created_at`);