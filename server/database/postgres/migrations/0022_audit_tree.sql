CREATE TABLE "audit_tree" (
	"chain" text NOT NULL,
	"level" integer NOT NULL,
	"idx" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "audit_tree_chain_level_idx_pk" PRIMARY KEY("chain","level","idx")
);
--> statement-breakpoint
-- Hand-written (issue 33): the Merkle tree of each audit chain is stored as its events are appended.
-- audit_tree_append stores leaf `p_index` (the event's chain hash as its hex text, RFC 6962 leaf hash
-- SHA-256(0x00 || leaf)) and every perfect subtree that leaf completes, SHA-256(0x01 || left || right),
-- reading each left sibling by primary key: 1 + (trailing 1 bits of p_index) rows, as
-- shared/transparency/storage.ts plans them. A missing sibling (a tree not built) fails the write.
CREATE FUNCTION "audit_tree_append"("p_chain" text, "p_index" bigint, "p_hash" text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	"v_node" bytea := sha256('\x00'::bytea || convert_to("p_hash", 'UTF8'));
	"v_sibling" bytea;
	"v_level" integer := 0;
	"v_index" bigint := "p_index";
BEGIN
	INSERT INTO "audit_tree" ("chain", "level", "idx", "hash") VALUES ("p_chain", 0, "v_index", "v_node");
	WHILE "v_index" % 2 = 1 LOOP
		SELECT "t"."hash" INTO STRICT "v_sibling" FROM "audit_tree" AS "t" WHERE "t"."chain" = "p_chain" AND "t"."level" = "v_level" AND "t"."idx" = "v_index" - 1;
		"v_node" := sha256('\x01'::bytea || "v_sibling" || "v_node");
		"v_level" := "v_level" + 1;
		"v_index" := ("v_index" - 1) / 2;
		INSERT INTO "audit_tree" ("chain", "level", "idx", "hash") VALUES ("p_chain", "v_level", "v_index", "v_node");
	END LOOP;
END
$$;
--> statement-breakpoint
-- The trees of the chains already there, built in the migration (not lazily): each chain's events in id
-- order, the chain's order (its head row's lock makes each append take the next id).
DO $$
DECLARE
	"r" record;
BEGIN
	FOR "r" IN SELECT coalesce("workspace_id"::text, 'server') AS "chain", "hash", row_number() OVER (PARTITION BY "workspace_id" ORDER BY "id") - 1 AS "n" FROM "audit_events" ORDER BY "id" LOOP
		PERFORM "audit_tree_append"("r"."chain", "r"."n", "r"."hash");
	END LOOP;
END
$$;
--> statement-breakpoint
-- audit_append (migration 0011) now also stores the event's leaf in its chain's tree, in the same
-- statement, so a write still appends in one round trip (or inside its COMMIT's message). The head's
-- event count, after the append, gives the leaf's index.
CREATE OR REPLACE FUNCTION "audit_append"(
	"p_chain" text, "p_content" text, "p_workspace_id" integer, "p_actor_id" integer, "p_support_session_id" integer,
	"p_action" text, "p_target_type" text, "p_target_id" text, "p_data" text, "p_created_at" bigint
) RETURNS TABLE ("id" integer, "prev_hash" text, "hash" text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	"v_prev" text;
	"v_hash" text;
	"v_events" integer;
	"v_id" integer;
BEGIN
	INSERT INTO "audit_chain_heads" AS "h" ("chain", "prev_hash", "hash", "events")
	VALUES ("p_chain", repeat('0', 64), encode(sha256(convert_to(repeat('0', 64) || E'\n' || "p_content", 'UTF8')), 'hex'), 1)
	ON CONFLICT ("chain") DO UPDATE SET "prev_hash" = "h"."hash", "hash" = encode(sha256(convert_to("h"."hash" || E'\n' || "p_content", 'UTF8')), 'hex'), "events" = "h"."events" + 1
	RETURNING "h"."prev_hash", "h"."hash", "h"."events" INTO "v_prev", "v_hash", "v_events";
	INSERT INTO "audit_events" AS "e" ("workspace_id", "actor_id", "support_session_id", "action", "target_type", "target_id", "data", "created_at", "prev_hash", "hash")
	VALUES ("p_workspace_id", "p_actor_id", "p_support_session_id", "p_action", "p_target_type", "p_target_id", "p_data", "p_created_at", "v_prev", "v_hash")
	RETURNING "e"."id" INTO "v_id";
	PERFORM "audit_tree_append"("p_chain", "v_events" - 1, "v_hash");
	RETURN QUERY SELECT "v_id", "v_prev", "v_hash";
END
$$;
