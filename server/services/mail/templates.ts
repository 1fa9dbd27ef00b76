import type { Email } from './send'

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[ch]!)
}

/**
 * Where links in email point: NUXT_PUBLIC_BASE_URL when set (the address people reach the server at,
 * behind a proxy), else the address this server listens on, so a server started on another port
 * still sends links that work.
 */
export function baseUrl(): string {
  const configured = useRuntimeConfig().public.baseUrl
  if (configured) return configured
  const host = process.env.NITRO_HOST || process.env.HOST || ''
  const port = process.env.NITRO_PORT || process.env.PORT || '3000'
  const name = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${name}:${port}`
}

export function absoluteUrl(path: string): string {
  return new URL(path, baseUrl()).toString()
}

/**
 * One plain-text and one HTML rendering of the same short message, with an optional call to action;
 * `list` follows the lines as bullets, and `after` closes the message (fine print such as a checkpoint).
 */
export function composeEmail(to: string, subject: string, lines: string[], action?: { label: string, path: string }, list: string[] = [], after: string[] = []): Email {
  const url = action ? absoluteUrl(action.path) : null
  const text = [...lines, ...list.map(item => `- ${item}`), ...(url ? ['', `${action!.label}: ${url}`] : []), ...(after.length ? ['', ...after] : [])].join('\n')
  const html = [
    '<div style="font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;color:#111827">',
    ...lines.map(line => `<p>${escapeHtml(line)}</p>`),
    list.length ? `<ul>${list.map(item => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '',
    url ? `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:8px 14px;background:#4f46e5;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action!.label)}</a></p>` : '',
    ...after.map(line => `<p style="font-size:12px;color:#6b7280;word-break:break-all">${escapeHtml(line)}</p>`),
    '</div>',
  ].join('')
  return { to, subject, text, html }
}
