-- The audit append (issue 19) as one function, so a write sends it as one statement: either on its own
-- (prepared, when the write needs the event's id and hash) or in the same message as its COMMIT.
-- The chain's head row moves to the new hash, computed as auditEventHash does (SHA-256 of
-- "<prevHash>\n<content>", hex; the first event of a chain follows 64 zeros), and the event is inserted
-- from it; the row's lock keeps each chain's appends in turn across processes until the write commits.
CREATE FUNCTION "audit_append"(
	"p_chain" text, "p_content" text, "p_workspace_id" integer, "p_actor_id" integer, "p_support_session_id" integer,
	"p_action" text, "p_target_type" text, "p_target_id" text, "p_data" text, "p_created_at" bigint
) RETURNS TABLE ("id" integer, "prev_hash" text, "hash" text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH "head" AS (
		INSERT INTO "audit_chain_heads" AS "h" ("chain", "prev_hash", "hash", "events")
		VALUES ("p_chain", repeat('0', 64), encode(sha256(convert_to(repeat('0', 64) || E'\n' || "p_content", 'UTF8')), 'hex'), 1)
		ON CONFLICT ("chain") DO UPDATE SET "prev_hash" = "h"."hash", "hash" = encode(sha256(convert_to("h"."hash" || E'\n' || "p_content", 'UTF8')), 'hex'), "events" = "h"."events" + 1
		RETURNING "h"."prev_hash", "h"."hash"
	)
	INSERT INTO "audit_events" AS "e" ("workspace_id", "actor_id", "support_session_id", "action", "target_type", "target_id", "data", "created_at", "prev_hash", "hash")
	SELECT "p_workspace_id", "p_actor_id", "p_support_session_id", "p_action", "p_target_type", "p_target_id", "p_data", "p_created_at", "head"."prev_hash", "head"."hash" FROM "head"
	RETURNING "e"."id", "e"."prev_hash", "e"."hash";
END
$$;
