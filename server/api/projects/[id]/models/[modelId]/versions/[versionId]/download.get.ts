import { versionParams } from '#shared/schemas/projects'
import { requireModel, requireVersion } from '~~/server/services/projects/content'
import { authorizeProject } from '~~/server/gate/read-gate'

/** Loading a version into a desktop app: a manifest the client fetches objects with. */
export default defineEventHandler(async (event) => {
  const { id, modelId, versionId } = validParams(event, versionParams)
  await authorizeProject(event, id, 'project.load', { type: 'version', id: versionId })
  const model = await requireModel(id, modelId)
  const version = await requireVersion(modelId, versionId)
  setResponseHeader(event, 'content-disposition', `attachment; filename="version-${version.id}.json"`)
  return { projectId: id, model: { id: model.id, name: model.name }, version: { id: version.id, message: version.message, createdAt: iso(version.createdAt) } }
})
