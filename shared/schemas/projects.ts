import { z } from 'zod'
import { PROJECT_ROLES, PROJECT_VISIBILITIES } from '../roles'
import { emailSchema, idSchema, nameSchema } from './common'

export const projectParams = z.object({ id: idSchema })
export const modelParams = z.object({ id: idSchema, modelId: idSchema })
export const versionParams = z.object({ id: idSchema, modelId: idSchema, versionId: idSchema })
export const collaboratorParams = z.object({ id: idSchema, userId: idSchema })

export const createProjectSchema = z.object({
  name: nameSchema,
  description: z.string().trim().max(2000).optional().default(''),
  visibility: z.enum(PROJECT_VISIBILITIES).optional().default('workspace'),
})

export const updateProjectSchema = z.object({
  name: nameSchema.optional(),
  description: z.string().trim().max(2000).optional(),
  visibility: z.enum(PROJECT_VISIBILITIES).optional(),
}).refine(v => Object.keys(v).length > 0, 'Nothing to change')

export const createModelSchema = z.object({ name: nameSchema })
export const createVersionSchema = z.object({ message: z.string().trim().min(1, 'Required').max(2000) })
export const createCommentSchema = z.object({ text: z.string().trim().min(1, 'Required').max(5000) })

export const addCollaboratorSchema = z.object({ email: emailSchema, role: z.enum(PROJECT_ROLES) })
export const changeCollaboratorSchema = z.object({ role: z.enum(PROJECT_ROLES) })
