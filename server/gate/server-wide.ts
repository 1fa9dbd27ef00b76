import type { H3Event } from 'h3'
import { inArray, isNull, notInArray, or } from 'drizzle-orm'
import { authorize, type Decision, type WorkspaceAction } from '#shared/permissions'
import { workspaceStandingsOf, type WorkspaceStanding } from '../services/access/standing'
import { memberWorkspaces, sessionOnlyWorkspaces, type WorkspaceLens } from '../services/access/lens'
import type { Actor } from '../services/accounts/sessions'
import { recordSupportRead, type SeenDetail } from '../services/support/access-log'

/**
 * Server-wide views carry many workspaces' data at once: Users their memberships, Emails their mail,
 * the server's webhooks their events. Each workspace is decided here exactly as a read of it through the
 * read gate is (the caller's standing there, the permission model's answer for `action`), so a workspace
 * whose reads require a session stays hidden from a server admin without one (SPEC 3.10), with support mode
 * off every workspace they are not a member of is hidden (SPEC 3.4), and what the
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

  // Hidden is whatever the model refuses this reader there: a workspace whose reads need a session they
  // do not hold and, with support mode off (SPEC 3.4: no implicit access), every workspace they are not in.
  async function hidden(ids: Iterable<number>) {
    const refused = (await decide(ids)).filter(({ decision }) => !decision.authorized)
    return new Map(refused.map(({ standing: { workspace } }) => [workspace.id, workspace.name]))
  }

  return {
    hidden,
    async findable(column) {
      if (useServerSettings().supportMode) {
        // Reads are open but where a workspace asked for sessions: only those can be hidden.
        const refused = [...(await hidden(await sessionOnlyWorkspaces())).keys()]
        return refused.length ? or(isNull(column), notInArray(column, refused)) : undefined
      }
      // Otherwise only the reader's own workspaces can be shown, where their own role lets them read this.
      const own = await memberWorkspaces(actor.id)
      const refused = await hidden(own)
      const shown = own.filter(id => !refused.has(id))
      return shown.length ? or(isNull(column), inArray(column, shown)) : isNull(column)
    },
    async shown(ids) {
      for (const { standing, decision } of await decide(ids)) {
        if (!decision.authorized || !decision.supportRead) continue
        await recordSupportRead({ workspace: standing.workspace, project: null, actorId: actor.id, supportSessionId: standing.supportSessionId, seen, route })
      }
    },
  }
}
