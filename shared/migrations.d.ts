/** The committed migrations, inlined into the server bundle at build time (server/database/migrations-module.ts). Declared here because route types pull server files into every type-check project. */
declare module '#migrations' {
  type Migration = { sql: string[], bps: boolean, folderMillis: number, hash: string }
  const migrations: Migration[]
  export default migrations
  export const postgresMigrations: Migration[]
}
