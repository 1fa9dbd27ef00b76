-- The audit trail is append-only: no code path may rewrite or erase history (as SQLite's migration 0001).
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
-- Every process's admin search re-reads workspace names when this moves (as SQLite's migration 0008).
INSERT INTO workspaces_version (id, version) VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION workspaces_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workspaces_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER workspaces_version_insert AFTER INSERT OR DELETE ON workspaces FOR EACH STATEMENT EXECUTE FUNCTION workspaces_version_bump();
--> statement-breakpoint
CREATE TRIGGER workspaces_version_update AFTER UPDATE OF name, slug ON workspaces FOR EACH STATEMENT EXECUTE FUNCTION workspaces_version_bump();
