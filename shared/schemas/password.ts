import { z } from 'zod'

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Required').max(1000),
  newPassword: z.string().min(10, 'Use at least 10 characters').max(1000),
})
