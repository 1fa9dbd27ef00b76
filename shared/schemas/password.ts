import { z } from 'zod'

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Required').max(1000),
  newPassword: z.string().min(10, 'Use at least 10 characters').max(1000),
  /** Also remove every passkey of the account (SPEC 3.11): a password change after a theft ends the thief's passkey too. */
  removePasskeys: z.boolean().optional(),
})
