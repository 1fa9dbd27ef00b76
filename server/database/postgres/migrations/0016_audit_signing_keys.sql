CREATE TABLE "audit_signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"first_used_at" bigint NOT NULL,
	"retired_at" bigint
);
