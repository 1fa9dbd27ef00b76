-- Hand-written (issue 33): the audit trees become tiled (shared/transparency/tiles.ts): the four lowest levels
-- are no longer stored but recomputed from the events of their tile, and each stored subtree names the last
-- event it covers. A table of another name (a program of the version before, reading level 0 of audit_tree,
-- fails rather than taking an empty tree for the log). The old rows cannot be converted in SQL (SQLite has no
-- SHA-256), so the new table starts empty, and the server builds every chain's tree from its events before it takes requests
-- (buildAuditTrees: every database meeting this migration has a user_version below 2, which asks for it). The append-only triggers come back as they were.
DROP TRIGGER `audit_tree_no_update`;
--> statement-breakpoint
DROP TRIGGER `audit_tree_no_delete`;
--> statement-breakpoint
DROP TABLE `audit_tree`;
--> statement-breakpoint
CREATE TABLE `audit_subtrees` (
	`chain` text NOT NULL,
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` blob NOT NULL,
	`event_id` integer NOT NULL,
	PRIMARY KEY(`chain`, `level`, `idx`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `audit_subtrees_no_update` BEFORE UPDATE ON `audit_subtrees`
BEGIN
  SELECT RAISE(ABORT, 'audit_subtrees is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_subtrees_no_delete` BEFORE DELETE ON `audit_subtrees`
BEGIN
  SELECT RAISE(ABORT, 'audit_subtrees is append-only');
END;
