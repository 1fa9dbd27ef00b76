CREATE INDEX `auth_sessions_created_idx` ON `auth_sessions` (`created_at`);--> statement-breakpoint
CREATE INDEX `login_attempts_time_idx` ON `login_attempts` (`created_at`);