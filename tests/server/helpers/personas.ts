import { DEMO_USERS } from '../../../server/database/demo-data'

/**
 * The demo accounts (SPEC 7) by first name, from the seed itself: `sam` and `olive` are the server
 * admins; `ada` is Acme's Admin, `ben` a Member, `cy` a Viewer, `gia` a Guest, `gus` a partner, `gil` an
 * outsider. Tests name people this way instead of typing their addresses.
 */
export type Persona = 'sam' | 'olive' | 'ada' | 'ben' | 'cy' | 'gia' | 'gus' | 'gil'

export const PERSONA_EMAILS = Object.fromEntries(DEMO_USERS.map(u => [u.name.split(' ')[0]!.toLowerCase(), u.email])) as Record<Persona, string>
