-- Server Settings → Workspaces searches names and slugs anywhere in the text, for every script's letters
-- regardless of case ("ölwerk" finds "Ölwerk"): a trigram full-text index kept in step with workspaces.
CREATE VIRTUAL TABLE `workspaces_search` USING fts5(name, slug, content='workspaces', content_rowid='id', tokenize='trigram remove_diacritics 1');
--> statement-breakpoint
CREATE TRIGGER `workspaces_search_insert` AFTER INSERT ON `workspaces` BEGIN
  INSERT INTO `workspaces_search`(rowid, name, slug) VALUES (new.id, new.name, new.slug);
END;
--> statement-breakpoint
CREATE TRIGGER `workspaces_search_delete` AFTER DELETE ON `workspaces` BEGIN
  INSERT INTO `workspaces_search`(`workspaces_search`, rowid, name, slug) VALUES ('delete', old.id, old.name, old.slug);
END;
--> statement-breakpoint
CREATE TRIGGER `workspaces_search_update` AFTER UPDATE OF name, slug ON `workspaces` BEGIN
  INSERT INTO `workspaces_search`(`workspaces_search`, rowid, name, slug) VALUES ('delete', old.id, old.name, old.slug);
  INSERT INTO `workspaces_search`(rowid, name, slug) VALUES (new.id, new.name, new.slug);
END;
--> statement-breakpoint
INSERT INTO `workspaces_search`(`workspaces_search`) VALUES ('rebuild');
