import { createCommentSchema, projectParams } from '#shared/schemas/projects'
import { createComment } from '~~/server/services/projects/content'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: projectParams,
  body: createCommentSchema,
  action: 'project.comment',
  status: 201,
  run: (scope, { body }) => createComment(scope, body.text),
})
