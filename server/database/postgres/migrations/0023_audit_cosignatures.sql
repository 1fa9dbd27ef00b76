CREATE TABLE "audit_cosignatures" (
	"id" serial PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"witness_name" text NOT NULL,
	"vkey" text NOT NULL,
	"key_id" text NOT NULL,
	"tree_size" integer NOT NULL,
	"root" text NOT NULL,
	"signature" text NOT NULL,
	"cosigned_at" bigint NOT NULL,
	"uploaded_by" integer,
	"received_at" bigint DEFAULT ((extract(epoch from clock_timestamp()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_cosignatures" ADD CONSTRAINT "audit_cosignatures_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_cosignatures_witness_size_idx" ON "audit_cosignatures" USING btree ("workspace_id","vkey","tree_size");--> statement-breakpoint
CREATE INDEX "audit_cosignatures_size_idx" ON "audit_cosignatures" USING btree ("workspace_id","tree_size");--> statement-breakpoint
-- Hand-written (issue 33): the Merkle tree of the audit chains is append-only like audit_events (migration
-- 0001): a stored perfect subtree never changes, so rewriting or erasing one is refused.
CREATE FUNCTION audit_tree_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_tree is append-only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree FOR EACH ROW EXECUTE FUNCTION audit_tree_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree FOR EACH ROW EXECUTE FUNCTION audit_tree_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_tree_no_truncate BEFORE TRUNCATE ON audit_tree FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_append_only();
