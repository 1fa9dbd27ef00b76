ALTER TABLE `email_outbox` ADD `workspace_id` integer;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `workspace_id` integer;