import type { Store } from './store'

/**
 * A store whose driver is still loading: PostgreSQL's (`pg` and drizzle's node-postgres, a few hundred ms of
 * module loading) is imported when the store is first used, not with the server's code, so a server on
 * SQLite never loads it and one on PostgreSQL listens before it has (issue 33 item 7: start-up). Nothing
 * reads the database before `ready` (requests and background jobs wait for it, see server/utils/startup.ts),
 * and `ready` settles only once the driver is loaded and the schema migrated; the rest is asked of the
 * loaded store, at once when it is there.
 */
export function deferredStore(loading: Promise<Store>): Store {
  let loaded: Store | undefined
  const ready = loading.then((store) => {
    loaded = store
    return store.ready
  })
  const use = (): Store => {
    if (!loaded) throw new Error('[database] the database was used before it was ready: wait for store.ready')
    return loaded
  }
  const later = <R>(ask: (store: Store) => Promise<R>): Promise<R> => loaded ? ask(loaded) : loading.then(ask)
  return {
    get reader() {
      return use().reader
    },
    ready,
    write: work => later(store => store.write(work)),
    lock: (tx, name) => later(store => store.lock(tx, name)),
    listen: (channel, callback) => later(store => store.listen(channel, callback)),
    appendAudit: (tx, event) => later(store => store.appendAudit(tx, event)),
    appendAuditAtCommit: (tx, event) => later(store => store.appendAuditAtCommit(tx, event)),
    appendLiveEventAtCommit: (tx, row, signal) => later(store => store.appendLiveEventAtCommit(tx, row, signal)),
    readTreeNodes: (db, chain, positions) => later(store => store.readTreeNodes(db, chain, positions)),
    readTiles: (db, chain, tiles) => later(store => store.readTiles(db, chain, tiles)),
    treeSize: (db, chain) => later(store => store.treeSize(db, chain)),
    connectionOf: db => use().connectionOf(db),
    close: () => later(store => store.close()),
  }
}
