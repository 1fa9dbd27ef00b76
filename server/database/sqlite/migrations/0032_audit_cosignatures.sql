CREATE TABLE `audit_cosignatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`witness_name` text NOT NULL,
	`vkey` text NOT NULL,
	`key_id` text NOT NULL,
	`tree_size` integer NOT NULL,
	`root` text NOT NULL,
	`signature` text NOT NULL,
	`cosigned_at` integer NOT NULL,
	`uploaded_by` integer,
	`received_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_cosignatures_witness_size_idx` ON `audit_cosignatures` (`workspace_id`,`vkey`,`tree_size`);--> statement-breakpoint
CREATE INDEX `audit_cosignatures_size_idx` ON `audit_cosignatures` (`workspace_id`,`tree_size`);--> statement-breakpoint
-- Hand-written (issue 33): the Merkle tree of the audit chains is append-only like audit_events (migration
-- 0001): a stored perfect subtree never changes, so rewriting or erasing one is refused.
CREATE TRIGGER `audit_tree_no_update` BEFORE UPDATE ON `audit_tree`
BEGIN
  SELECT RAISE(ABORT, 'audit_tree is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_tree_no_delete` BEFORE DELETE ON `audit_tree`
BEGIN
  SELECT RAISE(ABORT, 'audit_tree is append-only');
END;
