import { addCollaboratorSchema, projectParams } from '#shared/schemas/projects'
import { addCollaborator, collaboratorSubject } from '~~/server/services/projects/collaborators'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: projectParams,
  body: addCollaboratorSchema,
  action: 'project.collaborators.manage',
  subject: (tx, { actor, project }, { body }) => collaboratorSubject(tx, actor.id, project, body.email, body.role),
  status: 201,
  run: (scope, { body }) => addCollaborator(scope, body.email, body.role),
})
