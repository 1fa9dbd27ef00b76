import { demoDataSeeded, seedDemoData } from '../database/seed'
import { DEMO_PASSWORD, DEMO_USERS } from '../database/demo-data'
import { useStore } from '../database'
import { hashPassword } from '../services/accounts/passwords'

/** Migrates at start, then seeds the demo data into an empty database before the first request is served. */
export default defineNitroPlugin(() => {
  const store = useStore()
  // A database that cannot be reached or migrated at start leaves nothing to serve: exit, and let the
  // supervisor (systemd, the container runtime) start the process again.
  markStartupTask(store.ready.catch((error: Error) => {
    console.error(`[database] cannot migrate the database: ${error.message}`)
    process.exit(1)
  }))
  if (process.env.NUXT_SEED_DEMO === 'false') return
  markStartupTask((async () => {
    await store.ready
    // A seeded database (every start but the first) skips hashing seven passwords: scrypt is slow on purpose.
    if (await demoDataSeeded(store.reader)) return
    const hashes = new Map<string, string>()
    for (const u of DEMO_USERS) hashes.set(u.email, await hashPassword(DEMO_PASSWORD))
    if (await seedDemoData(store, hashes)) console.info(`[seed] demo data created; every demo account uses the password ${DEMO_PASSWORD}`)
  })())
})
