import { changeCollaboratorSchema, collaboratorParams } from '#shared/schemas/projects'
import { changeCollaborator } from '~~/server/services/projects/collaborators'
import { userSubject } from '~~/server/services/workspaces/subjects'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: collaboratorParams,
  body: changeCollaboratorSchema,
  action: 'project.collaborators.manage',
  subject: (tx, { actor }, { params }) => userSubject(tx, actor.id, params.userId),
  run: (scope, { params, body }) => changeCollaborator(scope, params.userId, body.role),
})
