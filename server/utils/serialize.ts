/** The API speaks ISO 8601; the database stores milliseconds. */
export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null
}

export function serializeToken(token: { id: number, name: string, createdAt: Date, lastUsedAt?: Date | null }) {
  return { id: token.id, name: token.name, createdAt: iso(token.createdAt), lastUsedAt: iso(token.lastUsedAt) }
}
