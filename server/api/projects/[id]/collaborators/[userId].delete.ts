import { collaboratorParams } from '#shared/schemas/projects'
import { removeCollaborator } from '~~/server/services/projects/collaborators'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: collaboratorParams,
  action: 'project.collaborators.manage',
  subject: (_tx, { actor }, { params }) => ({ isActor: params.userId === actor.id }),
  status: 204,
  run: (scope, { params }) => removeCollaborator(scope, params.userId),
})
