import { changeCollaboratorSchema, collaboratorParams } from '#shared/schemas/projects'
import { changeCollaborator } from '~~/server/services/projects/collaborators'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: collaboratorParams,
  body: changeCollaboratorSchema,
  action: 'project.collaborators.manage',
  subject: (_tx, { actor }, { params }) => ({ isActor: params.userId === actor.id }),
  run: (scope, { params, body }) => changeCollaborator(scope, params.userId, body.role),
})
