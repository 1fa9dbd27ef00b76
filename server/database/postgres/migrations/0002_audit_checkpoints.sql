CREATE TABLE "audit_checkpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"events" integer NOT NULL,
	"head" text NOT NULL,
	"at" bigint NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_checkpoints_workspace_idx" ON "audit_checkpoints" USING btree ("workspace_id","id");