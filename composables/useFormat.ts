/**
 * Dates and numbers in the reader's own locale and time zone. The server knows neither, so until the
 * page has hydrated everything renders in one fixed form (English, UTC) on both sides, and the local
 * form replaces it right after: no hydration mismatch, whatever the browser's settings.
 */
const localReady = ref(false)

/** Called once the app has mounted in the browser (app.vue). */
export function useLocalFormats() {
  localReady.value = true
}

const DATE_STYLE = { dateStyle: 'medium', timeStyle: 'short' } as const

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  return localReady.value ? date.toLocaleString(undefined, DATE_STYLE) : `${date.toLocaleString('en-GB', { ...DATE_STYLE, timeZone: 'UTC' })} UTC`
}

export function formatNumber(value: number): string {
  return value.toLocaleString(localReady.value ? undefined : 'en')
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['year', 31536e6], ['month', 2592e6], ['day', 864e5], ['hour', 36e5], ['minute', 6e4]]

/**
 * "in 2 hours", "3 days ago". Only once mounted: the server's clock and the browser's hydration run a
 * moment apart, and a time near a minute's edge would read differently in each.
 */
export function relativeTime(value: string | null | undefined, now = Date.now()): string {
  if (!value || !localReady.value) return ''
  const diff = new Date(value).getTime() - now
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit)
  }
  return diff >= 0 ? 'in under a minute' : 'just now'
}

/** A time as a datetime-local input holds it: the reader's wall-clock time, without a zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Names in running text: "Ada", "Ada and Ben", "Ada, Ben and Cy" (the same on the server and in the browser). */
export function namesList(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0] ?? ''
}
