import type { ApiClient, Credentials } from './client'

/** Ids of the seeded demo data, looked up through the API. */
export async function demoIds(api: ApiClient, as: Credentials) {
  const acme = await api.get('/api/workspaces/acme/projects', as)
  const byName = Object.fromEntries((acme.body as { id: number, name: string }[]).map(p => [p.name, p.id]))
  return { tower: byName.Tower as number, secretLab: byName['Secret Lab'] as number }
}

export const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
