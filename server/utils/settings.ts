import type { ServerSettings } from '#shared/permissions'

/** The license and support-mode switches (SPEC 2), as the permission model takes them. */
export function useServerSettings(): ServerSettings {
  const config = useRuntimeConfig()
  return { enterpriseLicense: asFlag(config.enterpriseLicense), supportMode: asFlag(config.enterpriseLicense) && asFlag(config.supportMode) }
}

function asFlag(value: unknown): boolean {
  return !(value === false || value === 'false' || value === '0' || value === 0)
}
