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

/** Fine print: a line, or text kept exactly as it is (`pre`: a signed note, whose every byte is signed). */
export type FinePrint = string | { pre: string }

const finePrintText = (item: FinePrint) => typeof item === 'string' ? item : item.pre.replace(/\n$/, '')
function finePrintHtml(item: FinePrint): string {
  if (typeof item === 'string') return `<p style="font-size:12px;color:#6b7280;word-break:break-all">${escapeHtml(item)}</p>`
  return `<pre style="font-size:12px;white-space:pre-wrap;word-break:break-all;background:#f3f4f6;padding:8px;border-radius:6px">${escapeHtml(item.pre)}</pre>`
}

/**
 * One plain-text and one HTML rendering of the same short message, with an optional call to action;
 * `list` follows the lines as bullets, and `after` closes the message (fine print such as a checkpoint).
 */
export function composeEmail(to: string, subject: string, lines: string[], action?: { label: string, path: string }, list: string[] = [], after: FinePrint[] = []): Email {
  const url = action ? absoluteUrl(action.path) : null
  // A block kept as it is stands apart from the lines around it, and a text ending in one ends as it does.
  const afterText = after.flatMap((item, i) => typeof item === 'string' ? [item] : [...(i > 0 ? [''] : []), finePrintText(item)])
  const endsInBlock = typeof after.at(-1) === 'object'
  const text = [...lines, ...list.map(item => `- ${item}`), ...(url ? ['', `${action!.label}: ${url}`] : []), ...(after.length ? ['', ...afterText] : [])].join('\n') + (endsInBlock ? '\n' : '')
  const html = [
    '<div style="font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;color:#111827">',
    ...lines.map(line => `<p>${escapeHtml(line)}</p>`),
    list.length ? `<ul>${list.map(item => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '',
    url ? `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:8px 14px;background:#4f46e5;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action!.label)}</a></p>` : '',
    ...after.map(finePrintHtml),
    '</div>',
  ].join('')
  return { to, subject, text, html }
}
