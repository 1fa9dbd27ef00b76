/**
 * $fetch for the pages' API calls. Nitro's route-typed $fetch cannot resolve URLs built from template
 * strings (it either picks the wrong route or exhausts the type checker), so calls go through this
 * plain-typed wrapper and name their own response type.
 */
export function apiFetch<T = unknown>(url: string, options: { method?: 'POST' | 'PATCH' | 'DELETE' | 'GET', body?: Record<string, unknown> } = {}): Promise<T> {
  return $fetch<T>(url, options as never) as Promise<T>
}
