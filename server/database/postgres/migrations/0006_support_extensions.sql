CREATE TABLE "support_extensions" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"expires_at" bigint NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" bigint DEFAULT ((extract(epoch from clock_timestamp()) * 1000)::bigint) NOT NULL,
	"first_approved_by" integer,
	"decided_by" integer,
	"decided_at" bigint
);
--> statement-breakpoint
ALTER TABLE "support_approvals" ADD COLUMN "comment" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "response_body" text;--> statement-breakpoint
ALTER TABLE "support_extensions" ADD CONSTRAINT "support_extensions_session_id_support_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."support_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_extensions_session_idx" ON "support_extensions" USING btree ("session_id");