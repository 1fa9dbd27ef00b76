import { Hash } from '@adonisjs/hash'
import { Scrypt } from '@adonisjs/hash/drivers/scrypt'

// nuxt-auth-utils' hashPassword and verifyPassword, line for line: the same scrypt hasher with the same options
// (runtimeConfig.hash.scrypt), so every stored hash stays valid. They are written here, in a module of the app's
// own that passwords.ts imports when a password is first hashed or checked, because Nitro bundles a module's
// utilities into the chunk every start loads, @adonisjs/hash with them (issue 33 item 7).
let hash: Hash | undefined
const hasher = () => hash ??= new Hash(new Scrypt(useRuntimeConfig().hash?.scrypt))

export const hashPassword = (password: string): Promise<string> => hasher().make(password)
export const verifyPassword = (hashed: string, password: string): Promise<boolean> => hasher().verify(hashed, password)
