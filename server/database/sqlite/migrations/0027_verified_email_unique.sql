DROP INDEX `user_emails_email_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `user_emails_verified_email_unique` ON `user_emails` (`email`) WHERE verified_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `user_emails_user_email_unique` ON `user_emails` (`user_id`,`email`);--> statement-breakpoint
CREATE INDEX `user_emails_email_idx` ON `user_emails` (`email`);