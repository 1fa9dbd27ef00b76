import type { H3Event } from 'h3'
import { authorize, type Decision, type WorkspaceAction } from '#shared/permissions'
import { workspaceStandingsOf, type WorkspaceStanding } from '../services/access/standing'
import type { WorkspaceLens } from '../services/access/lens'
import type { Actor } from '../services/accounts/sessions'
import { recordSupportRead, type SeenDetail } from '../services/support/access-log'

/**
 * Server-wide views carry many workspaces' data at once: Users their memberships, Emails their mail,
 * the server's webhooks their events. Each workspace is decided here exactly as a read of it through the
 * read gate is (the caller's standing there, the permission model's answer for `action`), so a workspace
 * whose reads require a session stays hidden from a server admin without one (SPEC 3.10), and what the
 * view does show of a workspace it reads only through support mode is in that workspace's access log,
 * recorded (and deduplicated) as `seen` at this route, like any other read.
 */
export function readAcrossWorkspaces(event: H3Event, actor: Actor, action: WorkspaceAction, seen: SeenDetail): WorkspaceLens {
  const route = event.path.split('?')[0]!
  const decided = new Map<number, { standing: WorkspaceStanding, decision: Decision }>()

  async function decide(ids: Iterable<number>) {
    const wanted = [...new Set(ids)]
    const unknown = wanted.filter(id => !decided.has(id))
    for (const standing of await workspaceStandingsOf(actor, unknown)) {
      decided.set(standing.workspace.id, { standing, decision: authorize(action, standing.facts, standing.resource, useServerSettings()) })
    }
    return wanted.flatMap(id => decided.get(id) ?? [])
  }

  return {
    // Hidden is what the workspace asked for: its reads need a session the reader does not hold. With
    // support mode off the model refuses every read, and these views show what they always did.
    async hidden(ids) {
      const refused = (await decide(ids)).filter(({ standing, decision }) => !decision.authorized && standing.resource.readsRequireSession)
      return new Map(refused.map(({ standing: { workspace } }) => [workspace.id, workspace.name]))
    },
    async shown(ids) {
      for (const { standing, decision } of await decide(ids)) {
        if (!decision.authorized || !decision.supportRead) continue
        await recordSupportRead({ workspace: standing.workspace, project: null, actorId: actor.id, supportSessionId: standing.supportSessionId, seen, route })
      }
    },
  }
}
