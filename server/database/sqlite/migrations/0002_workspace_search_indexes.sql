DROP INDEX `workspaces_name_idx`;--> statement-breakpoint
CREATE INDEX `workspaces_name_nocase_idx` ON `workspaces` ("name" collate nocase);--> statement-breakpoint
CREATE INDEX `workspaces_slug_nocase_idx` ON `workspaces` ("slug" collate nocase);