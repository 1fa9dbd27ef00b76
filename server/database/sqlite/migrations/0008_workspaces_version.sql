-- A counter that moves whenever a workspace is added, renamed, re-addressed or removed. Every server
-- process keeps the names for one- and two-letter searches in memory and re-reads them only when it moves.
CREATE TABLE `workspaces_version` (`id` integer PRIMARY KEY CHECK (`id` = 1), `version` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `workspaces_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `workspaces_version_insert` AFTER INSERT ON `workspaces` BEGIN
  UPDATE `workspaces_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `workspaces_version_delete` AFTER DELETE ON `workspaces` BEGIN
  UPDATE `workspaces_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `workspaces_version_update` AFTER UPDATE OF name, slug ON `workspaces` BEGIN
  UPDATE `workspaces_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
