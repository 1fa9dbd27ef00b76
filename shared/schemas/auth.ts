import { z } from 'zod'
import { emailSchema } from './common'

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Required').max(1000),
})

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'Required').max(80),
})

/** Sudo mode (SPEC 3.11): the password again, to confirm a sensitive account change on this sign-in. */
export const reauthenticateSchema = z.object({
  password: z.string().min(1, 'Required').max(1000),
})
