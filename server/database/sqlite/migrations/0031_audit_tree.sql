CREATE TABLE `audit_tree` (
	`chain` text NOT NULL,
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` blob NOT NULL,
	PRIMARY KEY(`chain`, `level`, `idx`)
) WITHOUT ROWID;
