import { changeCollaboratorSchema, collaboratorParams } from '#shared/schemas/projects'
import { changeCollaborator, collaboratorChangeSubject } from '~~/server/services/projects/collaborators'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: collaboratorParams,
  body: changeCollaboratorSchema,
  action: 'project.collaborators.manage',
  subject: (tx, { actor, project }, { params, body }) => collaboratorChangeSubject(tx, actor.id, project, params.userId, body.role),
  run: (scope, { params, body }) => changeCollaborator(scope, params.userId, body.role),
})
