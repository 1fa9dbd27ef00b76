// shared/transparency (TypeScript, the one implementation the server uses too) for the plain-Node scripts
// (`audit:verify`, a witness): jiti, which Nuxt already installs, strips its types on import; the result
// is cached under node_modules/.cache, so a run after the first loads it in about 50 ms.
import { createJiti } from 'jiti'

export const transparency = await createJiti(import.meta.url).import('../shared/transparency/index.ts')
