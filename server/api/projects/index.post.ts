import { emptyParams } from '#shared/schemas/common'
import { createProjectSchema } from '#shared/schemas/projects'
import { createProject } from '~~/server/services/projects/projects'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/** Personal projects: anyone signed in may create one and owns it. */
export default defineAccountWrite({
  params: emptyParams,
  body: createProjectSchema,
  status: 201,
  run: (scope, { body }) => createProject(scope, { ...body, visibility: 'private', workspaceId: null }),
})
