import { and, asc, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../database'
import type { WriteScope } from '../write-scope'
import { tables, useDb } from '../../database'

/** Models, versions and comments: the content of a project. Authorization happens before these are called. */

type Scope = WriteScope & { project: { id: number, name: string } }

/**
 * Content written by the project's own people is not audited (it is its own record); content written
 * through a support session is, so the workspace can review everything its support admins did.
 */
async function auditIfLent(scope: Scope, action: string, data: Record<string, unknown>) {
  if (scope.supportSessionId === null) return
  await scope.audit({ action, targetType: 'project', targetId: scope.project.id, data: { project: scope.project.name, ...data } })
}

const author = { id: tables.users.id, name: tables.users.name }

export async function listModels(projectId: number) {
  const { models: m, users } = tables
  const rows = await useDb().select({ model: m, author }).from(m).leftJoin(users, eq(users.id, m.createdBy))
    .where(eq(m.projectId, projectId)).orderBy(asc(m.name))
  return rows.map(({ model, author }) => ({ id: model.id, name: model.name, createdAt: iso(model.createdAt), createdBy: author }))
}

export async function createModel(scope: Scope, name: string) {
  const { tx, actor } = scope
  const row = (await tx.insert(tables.models).values({ projectId: scope.project.id, name, createdBy: actor.id }).returning())[0]!
  await auditIfLent(scope, 'model.created', { modelId: row.id, name })
  return { id: row.id, name: row.name, createdAt: iso(row.createdAt), createdBy: { id: actor.id, name: actor.name } }
}

export async function requireModel(projectId: number, modelId: number, db: DbOrTx = useDb()) {
  const m = tables.models
  const [model] = await db.select().from(m).where(and(eq(m.id, modelId), eq(m.projectId, projectId)))
  if (!model) throw apiError('ModelNotFound', 'Model not found.')
  return model
}

export async function listVersions(modelId: number) {
  const { versions: v, users } = tables
  const rows = await useDb().select({ version: v, author }).from(v).leftJoin(users, eq(users.id, v.createdBy))
    .where(eq(v.modelId, modelId)).orderBy(desc(v.id)).limit(200)
  return rows.map(({ version, author }) => ({ id: version.id, message: version.message, createdAt: iso(version.createdAt), createdBy: author }))
}

export async function createVersion(scope: Scope, modelId: number, message: string) {
  const { tx, actor } = scope
  const model = await requireModel(scope.project.id, modelId, tx)
  const row = (await tx.insert(tables.versions).values({ modelId, message, createdBy: actor.id }).returning())[0]!
  await auditIfLent(scope, 'version.created', { modelId, model: model.name, versionId: row.id, message })
  return { id: row.id, message: row.message, createdAt: iso(row.createdAt), createdBy: { id: actor.id, name: actor.name } }
}

export async function requireVersion(modelId: number, versionId: number) {
  const v = tables.versions
  const [version] = await useDb().select().from(v).where(and(eq(v.id, versionId), eq(v.modelId, modelId)))
  if (!version) throw apiError('VersionNotFound', 'Version not found.')
  return version
}

export async function listComments(projectId: number, page: number, pageSize: number) {
  const { comments: c, users } = tables
  const rows = await useDb().select({ comment: c, author }).from(c).leftJoin(users, eq(users.id, c.userId))
    .where(eq(c.projectId, projectId)).orderBy(desc(c.id)).limit(pageSize).offset((page - 1) * pageSize)
  return rows.map(({ comment, author }) => ({ id: comment.id, text: comment.text, createdAt: iso(comment.createdAt), author }))
}

export async function createComment(scope: Scope, text: string) {
  const { tx, actor } = scope
  const row = (await tx.insert(tables.comments).values({ projectId: scope.project.id, userId: actor.id, text }).returning())[0]!
  await auditIfLent(scope, 'comment.created', { commentId: row.id, text })
  return { id: row.id, text: row.text, createdAt: iso(row.createdAt), author: { id: actor.id, name: actor.name } }
}
