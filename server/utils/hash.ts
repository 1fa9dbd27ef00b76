import { createHash } from 'node:crypto'

/** Hex SHA-256 of a string: how API tokens, verification codes and webhook secrets are kept. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
