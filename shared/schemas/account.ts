import { z } from 'zod'
import { emailSchema } from './common'

export const addEmailSchema = z.object({ email: emailSchema })
export const verifyEmailSchema = z.object({ token: z.string().min(10).max(200) })
