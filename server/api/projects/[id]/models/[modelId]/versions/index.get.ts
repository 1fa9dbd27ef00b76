import { modelParams } from '#shared/schemas/projects'
import { listVersions, requireModel } from '~~/server/services/projects/content'
import { authorizeProject } from '~~/server/gate/read-gate'

export default defineEventHandler(async (event) => {
  const { id, modelId } = validParams(event, modelParams)
  await authorizeProject(event, id, 'project.read', { type: 'model', id: modelId })
  await requireModel(id, modelId)
  return listVersions(modelId)
})
