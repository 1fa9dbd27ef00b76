CREATE TABLE "audit_chain_heads" (
	"chain" text PRIMARY KEY NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"events" integer NOT NULL
);
--> statement-breakpoint
-- Each chain's head as its events leave it: the last event's hashes and how many events it holds.
INSERT INTO "audit_chain_heads" ("chain", "prev_hash", "hash", "events")
SELECT coalesce("workspace_id"::text, 'server'), "prev_hash", "hash", "n" FROM (
  SELECT "workspace_id", "prev_hash", "hash", row_number() OVER (PARTITION BY "workspace_id" ORDER BY "id" DESC) AS "rn", count(*) OVER (PARTITION BY "workspace_id") AS "n"
  FROM "audit_events"
) AS "last" WHERE "rn" = 1;
