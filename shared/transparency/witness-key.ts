// The witness's own Ed25519 key, in a file made on first use with mode 0600. A file others may read is
// refused, as the server refuses its own signing key: whoever reads it can cosign a forked log.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'

/** The key in `file`, made there first if there is none; throws with the command that fixes a loose mode. */
export function loadWitnessKey(file: string): { privateKey: KeyObject, created: boolean } {
  let created = false
  try {
    writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' })
    created = true
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const mode = statSync(file).mode
  if (mode & 0o077) throw new Error(`The witness key file ${file} can be read or written by others (mode ${(mode & 0o777).toString(8)}). Run: chmod 600 ${file}`)
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'))
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`The witness key file ${file} must hold an Ed25519 private key.`)
  return { privateKey, created }
}
