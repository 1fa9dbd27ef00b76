import { addCollaboratorSchema, projectParams } from '#shared/schemas/projects'
import { addCollaborator } from '~~/server/services/collaborators'
import { isEmailOf } from '~~/server/services/workspace-rules'

export default defineProjectWrite({
  params: projectParams,
  body: addCollaboratorSchema,
  action: 'project.collaborators.manage',
  subject: async (tx, { actor }, { body }) => ({ isActor: await isEmailOf(tx, actor.id, body.email) }),
  status: 201,
  run: (scope, { body }) => addCollaborator(scope, body.email, body.role),
})
