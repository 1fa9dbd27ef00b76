-- Hand-written (issue 33): the audit trees become tiled (shared/transparency/tiles.ts): the four lowest levels
-- are no longer stored but recomputed from the events of their tile of sixteen, and each stored subtree names
-- the last event it covers, in a table of another name: an instance of the version before, still running
-- during a rolling deploy, reads level 0 of audit_tree and would take an empty tree for the log; with the
-- table gone it fails instead. The new table is built below from the events.
DROP TABLE "audit_tree";
--> statement-breakpoint
CREATE TABLE "audit_subtrees" (
	"chain" text NOT NULL,
	"level" integer NOT NULL,
	"idx" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	"event_id" bigint NOT NULL,
	CONSTRAINT "audit_subtrees_chain_level_idx_pk" PRIMARY KEY("chain","level","idx")
);
--> statement-breakpoint
CREATE TRIGGER audit_subtrees_no_update BEFORE UPDATE ON audit_subtrees FOR EACH ROW EXECUTE FUNCTION audit_tree_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_subtrees_no_delete BEFORE DELETE ON audit_subtrees FOR EACH ROW EXECUTE FUNCTION audit_tree_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_subtrees_no_truncate BEFORE TRUNCATE ON audit_subtrees FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_append_only();
--> statement-breakpoint
-- audit_tree_append (called by audit_append once the event is in, with its leaf index and chain hash) writes
-- nothing until the leaf completes a tile of 16; then it reads the tile's 16 events (after the last event of
-- the tile before, by the (workspace_id, id) index), checks that they follow one another from that event
-- (edited events are never sealed into the tree; only the rebuild below, over a log that may be broken
-- already, passes p_linked false), hashes their leaves SHA-256(0x00 || the chain hash as UTF-8 hex text) up
-- to the tile's root, SHA-256(0x01 || left || right) at each level, stores the root at level 4 and every
-- perfect subtree above it that it completes, reading each left sibling by primary key, as
-- shared/transparency/tiles.ts plans them. A tile that does not end with this event, or a missing sibling,
-- fails the write. The three-argument function of 0022 goes: a call with three arguments would be ambiguous.
DROP FUNCTION "audit_tree_append"(text, bigint, text);
--> statement-breakpoint
CREATE FUNCTION "audit_tree_append"("p_chain" text, "p_index" bigint, "p_hash" text, "p_linked" boolean DEFAULT true) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	"v_after" bigint;
	"v_nodes" bytea[];
	"v_next" bytea[];
	"v_ids" bigint[];
	"v_hashes" text[];
	"v_prevs" text[];
	"v_anchor" text;
	"v_node" bytea;
	"v_sibling" bytea;
	"v_level" integer := 4;
	"v_index" bigint := "p_index" / 16;
	"v_last" bigint;
BEGIN
	IF "p_index" % 16 <> 15 THEN
		RETURN;
	END IF;
	SELECT coalesce((SELECT "t"."event_id" FROM "audit_subtrees" AS "t" WHERE "t"."chain" = "p_chain" AND "t"."level" = 4 AND "t"."idx" = "v_index" - 1), 0) INTO "v_after";
	IF "p_chain" = 'server' THEN
		SELECT array_agg("e"."id" ORDER BY "e"."id"), array_agg("e"."hash" ORDER BY "e"."id"), array_agg("e"."prev_hash" ORDER BY "e"."id") INTO "v_ids", "v_hashes", "v_prevs"
		FROM (SELECT "id", "hash", "prev_hash" FROM "audit_events" WHERE "workspace_id" IS NULL AND "id" > "v_after" ORDER BY "id" LIMIT 16) AS "e";
	ELSE
		SELECT array_agg("e"."id" ORDER BY "e"."id"), array_agg("e"."hash" ORDER BY "e"."id"), array_agg("e"."prev_hash" ORDER BY "e"."id") INTO "v_ids", "v_hashes", "v_prevs"
		FROM (SELECT "id", "hash", "prev_hash" FROM "audit_events" WHERE "workspace_id" = "p_chain"::integer AND "id" > "v_after" ORDER BY "id" LIMIT 16) AS "e";
	END IF;
	IF coalesce(array_length("v_hashes", 1), 0) <> 16 OR "v_hashes"[16] <> "p_hash" THEN
		RAISE EXCEPTION 'the audit tree of chain % is out of step with its events at leaf %', "p_chain", "p_index";
	END IF;
	IF "p_linked" THEN
		SELECT coalesce((SELECT "a"."hash" FROM "audit_events" AS "a" WHERE "a"."id" = "v_after"), repeat('0', 64)) INTO "v_anchor";
		FOR "i" IN 1 .. 16 LOOP
			IF "v_prevs"["i"] <> (CASE WHEN "i" = 1 THEN "v_anchor" ELSE "v_hashes"["i" - 1] END) THEN
				RAISE EXCEPTION 'the audit log of chain % does not hold together in tile %: event % does not follow the event before it', "p_chain", "v_index", "v_ids"["i"];
			END IF;
		END LOOP;
	END IF;
	"v_last" := "v_ids"[16];
	SELECT array_agg(sha256('\x00'::bytea || convert_to("h", 'UTF8')) ORDER BY "n") INTO "v_nodes" FROM unnest("v_hashes") WITH ORDINALITY AS "l"("h", "n");
	WHILE array_length("v_nodes", 1) > 1 LOOP
		"v_next" := ARRAY[]::bytea[];
		FOR "i" IN 1 .. array_length("v_nodes", 1) BY 2 LOOP
			"v_next" := array_append("v_next", sha256('\x01'::bytea || "v_nodes"["i"] || "v_nodes"["i" + 1]));
		END LOOP;
		"v_nodes" := "v_next";
	END LOOP;
	"v_node" := "v_nodes"[1];
	INSERT INTO "audit_subtrees" ("chain", "level", "idx", "hash", "event_id") VALUES ("p_chain", "v_level", "v_index", "v_node", "v_last");
	WHILE "v_index" % 2 = 1 LOOP
		SELECT "t"."hash" INTO STRICT "v_sibling" FROM "audit_subtrees" AS "t" WHERE "t"."chain" = "p_chain" AND "t"."level" = "v_level" AND "t"."idx" = "v_index" - 1;
		"v_node" := sha256('\x01'::bytea || "v_sibling" || "v_node");
		"v_level" := "v_level" + 1;
		"v_index" := ("v_index" - 1) / 2;
		INSERT INTO "audit_subtrees" ("chain", "level", "idx", "hash", "event_id") VALUES ("p_chain", "v_level", "v_index", "v_node", "v_last");
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
		PERFORM "audit_tree_append"("r"."chain", "r"."n", "r"."hash", false);
	END LOOP;
END
$$;
