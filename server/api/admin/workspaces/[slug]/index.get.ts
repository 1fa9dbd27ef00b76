import { authorize, permissionEntry, supportSessionsShown } from '#shared/permissions'
import { workspaceStandingOf } from '~~/server/services/access/standing'
import { workspaceSlugParams } from '#shared/schemas/workspaces'
import { workspaceSummaryBySlug } from '~~/server/services/workspaces/admin-list'
import { readSupportPolicy } from '~~/server/services/support/policy'
import { listWorkspaceSessions } from '~~/server/services/support/queries'
import { requireLicense } from '~~/server/gate/read-gate'
import { requireServerAdmin } from '~~/server/gate/caller'

/** Server Settings → workspace details: the summary is server metadata, the sessions need support mode. */
export default defineEventHandler(async (event) => {
  const { slug } = validParams(event, workspaceSlugParams)
  requireLicense()
  const actor = await requireServerAdmin(event)
  const workspace = await workspaceSummaryBySlug(slug)
  const settings = useServerSettings()
  // Others' sessions name projects by their scopes: a reader the model keeps out of the support area sees their own only.
  const standing = await workspaceStandingOf(actor, slug)
  const onlyOf = supportSessionsShown(standing.facts, standing.resource, settings) === 'own' ? actor.id : undefined
  const adminFacts = { serverRole: 'admin', workspaceRole: null, seat: null, projectRole: null, activeSupportSession: false } as const
  const request = authorize('workspace.support.request', adminFacts, { type: 'workspace' }, settings)
  const sessions = settings.supportMode ? await listWorkspaceSessions(workspace.id, onlyOf) : { pending: [], active: [], past: [] }
  return {
    workspace,
    supportMode: settings.supportMode,
    supportSessions: [...sessions.active, ...sessions.pending, ...sessions.past],
    // What a request must keep (SPEC 3.7), shown in the Request Support Access dialog before it is sent.
    supportPolicy: await readSupportPolicy(workspace.id),
    permissions: { canRequestSupport: permissionEntry(request) },
  }
})
