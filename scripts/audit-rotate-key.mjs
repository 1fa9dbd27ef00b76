// `npm run audit:rotate-key`: a new Ed25519 key for audit checkpoints (SPEC 3.14). The key file beside the
// database (NUXT_DATABASE_PATH, as the server reads it) is replaced by a new one, mode 0600, and the old one is
// kept as `.audit-signing-key.<keyId>.retired`. The server records each key's public half the first time it
// signs with it, so after a restart `GET /api/audit/keys` lists both and old checkpoints still verify.
// With NUXT_AUDIT_SIGNING_KEY set there is no file: the new PEM is printed for the environment instead.
import { generateKeyPairSync, createPrivateKey } from 'node:crypto'
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { keyIdOf } from '../shared/audit-checkpoint.mjs'

const databasePath = process.env.NUXT_DATABASE_PATH || './data/app.sqlite'
const file = join(dirname(databasePath), '.audit-signing-key')
const pair = generateKeyPairSync('ed25519')
const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const newId = keyIdOf(pair.publicKey)

if ((process.env.NUXT_AUDIT_SIGNING_KEY ?? '').trim()) {
  const oldId = keyIdOf(createPrivateKey(process.env.NUXT_AUDIT_SIGNING_KEY.replace(/\\n/g, '\n').trim()))
  console.log(`NUXT_AUDIT_SIGNING_KEY is set (key ${oldId}), so no key file is written. The new key is ${newId}:\n`)
  console.log(pem)
  console.log('Put it in NUXT_AUDIT_SIGNING_KEY (on every instance; line breaks may be written as \\n) and restart the server.')
  console.log('Keep the old key out of use but do not publish it: checkpoints it signed stay checkable with its public half, which the server keeps listing in GET /api/audit/keys.')
  process.exit(0)
}

mkdirSync(dirname(file), { recursive: true })
const fresh = `${file}.${newId}.new`
writeFileSync(fresh, pem, { mode: 0o600, flag: 'wx' })
if (existsSync(file)) {
  const oldId = keyIdOf(createPrivateKey(readFileSync(file, 'utf8')))
  const retired = `${file}.${oldId}.retired`
  // A hard link keeps the old key under its retired name before the new one replaces it: no moment without a key file.
  if (!existsSync(retired)) linkSync(file, retired)
  chmodSync(retired, 0o600)
  renameSync(fresh, file)
  console.log(`Audit signing key rotated: ${oldId} → ${newId}.`)
  console.log(`The old key is kept as ${retired} (mode 0600); the new one is ${file}.`)
}
else {
  renameSync(fresh, file)
  console.log(`No audit signing key yet: made ${file} (key ${newId}, mode 0600).`)
}
console.log('Restart the server (every instance) to sign with the new key. GET /api/audit/keys then lists both keys, the old one with its end (until), and checkpoints signed before stay verifiable.')
