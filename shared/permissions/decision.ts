import type { ErrorCode } from '../error-codes'
import type { Decision } from './types'

export const allow = (): Decision => ({ authorized: true })
export const deny = (code: ErrorCode, message: string): Decision => ({ authorized: false, code, message })
