-- The admin workspace search now runs in each process's memory (server/services/admin-workspaces.ts),
-- faster at 100,000 workspaces than the trigram index, which every workspace write also had to keep up.
DROP TRIGGER IF EXISTS `workspaces_search_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `workspaces_search_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `workspaces_search_update`;
--> statement-breakpoint
DROP TABLE IF EXISTS `workspaces_search`;
