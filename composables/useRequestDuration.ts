import type { SupportPolicy } from '#shared/support/policy'
import { MIN_SUPPORT_EXPIRY_MS } from '#shared/support/status'

const HOUR_MS = 60 * 60 * 1000

export type RequestDuration = '1h' | '4h' | '1d' | '1w' | 'custom' | 'never'
const PRESETS: { key: RequestDuration, label: string, hours: number }[] = [
  { key: '1h', label: '1 hour', hours: 1 }, { key: '4h', label: '4 hours', hours: 4 }, { key: '1d', label: '1 day', hours: 24 }, { key: '1w', label: '1 week', hours: 168 },
]

/**
 * How long the Request Support Access dialog asks for: a preset fills in the expiration (1 hour unless
 * chosen otherwise, issue 21); editing the field makes it Custom. Presets longer than the policy allows
 * are not offered, nor is no expiry under a cap. A preset is a duration counted from the approval
 * (SPEC 3.12: a slow approval eats none of it); Custom is an end.
 */
export function useRequestDuration(policy: () => SupportPolicy) {
  const duration = ref<RequestDuration>('1h')
  const expiration = ref('')
  const durations = computed(() => [
    ...PRESETS.filter(p => policy().maxSessionHours === null || p.hours <= policy().maxSessionHours!),
    { key: 'custom' as const, label: 'Custom', hours: 0 },
    ...(policy().maxSessionHours === null ? [{ key: 'never' as const, label: 'No expiry', hours: 0 }] : []),
  ])
  const preset = computed(() => PRESETS.find(p => p.key === duration.value))

  /** What the chosen preset wrote into the field: a different value there was typed, so it is Custom. */
  let presetValue = ''
  /** A preset's expiry from now; at the policy's cap, a minute short of it so the server's clock agrees. */
  function presetExpiry(hours: number, now = Date.now()) {
    const cap = policy().maxSessionHours
    return new Date(now + hours * HOUR_MS - (cap !== null && hours >= cap ? 60_000 : 0))
  }
  function choose(key: RequestDuration) {
    duration.value = key
    const chosen = PRESETS.find(p => p.key === key)
    if (chosen) expiration.value = toLocalInput(presetExpiry(chosen.hours))
    else if (key === 'never') expiration.value = ''
    presetValue = expiration.value
  }
  watch(expiration, (value) => {
    if (value !== presetValue) duration.value = value || policy().maxSessionHours !== null ? 'custom' : 'never'
  })

  /**
   * The end asked for, counted from `now` (a preset counts from when it is sent, not from when the dialog
   * opened): `expiresAt` to check, and `durationMinutes` for a preset, which is what is sent.
   */
  function asked(now: Date): { expiresAt: Date | null, durationMinutes: number | null } {
    if (preset.value) {
      const end = presetExpiry(preset.value.hours, now.getTime())
      return { expiresAt: end, durationMinutes: Math.round((end.getTime() - now.getTime()) / 60_000) }
    }
    return { expiresAt: expiration.value ? new Date(expiration.value) : null, durationMinutes: null }
  }
  /** The field's bounds, and the 1-hour preset, set each time the dialog opens. */
  const min = ref('')
  const max = ref<string | undefined>(undefined)
  function reset(now = Date.now()) {
    const longest = policy().maxSessionHours
    choose('1h')
    max.value = longest ? toLocalInput(new Date(now + longest * HOUR_MS)) : undefined
    min.value = toLocalInput(new Date(now + MIN_SUPPORT_EXPIRY_MS + 60_000))
  }
  return { duration, expiration, durations, preset, choose, asked, min, max, reset }
}
