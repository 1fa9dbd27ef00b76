/**
 * Password hashing, loaded at the first password to hash or check: the scrypt hasher's modules (nuxt-auth-utils
 * over @adonisjs/hash) are off the start-up path (issue 33 item 7). The hashes are nuxt-auth-utils' own.
 */
const hashing = () => import('./password-hashing')

export async function hashPassword(password: string): Promise<string> {
  return (await hashing()).hashPassword(password)
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return (await hashing()).verifyPassword(hash, password)
}
