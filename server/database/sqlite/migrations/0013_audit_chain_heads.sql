CREATE TABLE `audit_chain_heads` (
	`chain` text PRIMARY KEY NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	`events` integer NOT NULL
);
