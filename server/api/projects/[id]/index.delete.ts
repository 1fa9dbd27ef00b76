import { projectParams } from '#shared/schemas/projects'
import { deleteProject } from '~~/server/services/projects/projects'
import { defineProjectWrite } from '~~/server/gate/write-gate'

export default defineProjectWrite({
  params: projectParams,
  action: 'project.delete',
  status: 204,
  run: scope => deleteProject(scope),
})
