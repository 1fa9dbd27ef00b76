import type { EventHandler, H3Event } from 'h3'
import type { z } from 'zod'
import { authorize, type ActorFacts, type Decision, type ProjectAction, type SubjectFacts, type WorkspaceAction } from '#shared/permissions'
import type { Tx } from '../database/connection'
import { appendAudit, type AuditInput } from '../services/audit'
import type { Actor } from './actor'

/**
 * The one way a route writes (SPEC 3.6 "One step"). Every write route is defined with
 * `defineWorkspaceWrite`, `defineProjectWrite` or `defineAccountWrite`, and each runs the same steps:
 *
 * 1. validate the params; a cheap check of who is calling and whether they may act at all, so strangers
 *    get their 401/403/404 without the server reading their body;
 * 2. read the body (at most 1 MiB) and validate it;
 * 3. one `BEGIN IMMEDIATE` transaction: load the caller, their standing and their support session again,
 *    name the subject of the change, ask the permission model, make the change, append its audit event
 *    (stamped with the support session that allowed it) and queue its mail.
 *
 * A revocation or expiry that commits before step 3 refuses the write, and a support write and its
 * audit event commit or vanish together. better-sqlite3 transactions are synchronous: no `await` in 3.
 */

/** An audit event as a service states it; the scope fills in the actor, the workspace and the lending session. */
type AuditEntry = Omit<AuditInput, 'actorId' | 'workspaceId'> & { workspaceId?: number | null }

/** What a write's service receives: the transaction, who acts, and how to audit within it. */
export interface WriteScope {
  tx: Tx
  actor: Actor
  facts: ActorFacts
  /** The session that lent this write, or null when the caller's own standing allows it. */
  supportSessionId: number | null
  /** Appends an audit event in this transaction, with the actor and the lending session filled in. */
  audit: (entry: AuditEntry) => void
}

type Input<P extends z.ZodType, B extends z.ZodType> = { params: z.output<P>, body: z.output<B> }
type Status = 200 | 201 | 202 | 204

interface CommonDefinition<P extends z.ZodType, B extends z.ZodType> {
  params: P
  /** Omitted for writes that take no body; a body sent anyway is not read. */
  body?: B
  /** 204 answers with no body. */
  status?: Status
}

function scopeFor(tx: Tx, actor: Actor, facts: ActorFacts, workspaceId: number | null, supportSessionId: number | null) {
  let audited = false
  const scope: WriteScope = {
    tx,
    actor,
    facts,
    supportSessionId,
    audit: (entry) => {
      audited = true
      // Support lifecycle events name the session they are about; every other event names the one that lent it.
      appendAudit({ workspaceId, ...entry, actorId: actor.id, supportSessionId: entry.supportSessionId ?? supportSessionId })
    },
  }
  return { scope, audited: () => audited }
}

function refuseUnless(decision: Decision): asserts decision is Extract<Decision, { authorized: true }> {
  if (!decision.authorized) throw apiError(decision.code, decision.message)
}

async function requireCaller(event: H3Event) {
  const credentials = await credentialsOf(event)
  const actor = actorFor(credentials)
  if (!actor) throw apiError('Unauthenticated', 'Sign in to continue.')
  return credentials
}

/** Inside the transaction: the caller as the database says at this instant. */
function callerNow(credentials: Awaited<ReturnType<typeof credentialsOf>>): Actor {
  const actor = actorFor(credentials)
  if (!actor) throw apiError('Unauthenticated', 'Sign in to continue.')
  return actor
}

async function readInput<P extends z.ZodType, B extends z.ZodType>(event: H3Event, def: CommonDefinition<P, B>, params: z.output<P>): Promise<Input<P, B>> {
  const body = def.body ? await validBody(event, def.body) : undefined
  return { params, body: body as z.output<B> }
}

function immediate<R>(work: (tx: Tx) => R): R {
  return useDb().transaction(work, { behavior: 'immediate' })
}

function answer<R>(event: H3Event, status: Status | undefined, result: R) {
  if (status) setResponseStatus(event, status)
  return status === 204 ? null : result
}

/**
 * Every write under a support session leaves an audit event. Services audit their own changes with
 * what changed; a write that recorded nothing (such as a new comment) is recorded here by its route.
 */
function auditLentWrite(event: H3Event, scope: WriteScope, audited: boolean) {
  if (scope.supportSessionId === null || audited) return
  scope.audit({ action: 'support.write', targetType: 'request', targetId: `${event.method} ${event.path}`, data: { via: scope.actor.via } })
}

interface WorkspaceWrite<P extends z.ZodType, B extends z.ZodType, R> extends CommonDefinition<P, B> {
  action: WorkspaceAction
  /** Who the change is about, when it changes someone's standing (SPEC 3.6). Runs inside the transaction. */
  subject?: (tx: Tx, caller: WorkspaceStanding, input: Input<P, B>) => SubjectFacts
  run: (scope: WriteScope & { workspace: WorkspaceStanding['workspace'] }, input: Input<P, B>) => R
}

/** A write to a workspace or anything in it that is not a project (members, invites, settings, support). */
export function defineWorkspaceWrite<P extends z.ZodType<{ slug: string }>, B extends z.ZodType, R>(def: WorkspaceWrite<P, B, R>): EventHandler {
  return defineEventHandler(async (event) => {
    const params = validParams(event, def.params)
    requireLicense()
    const credentials = await requireCaller(event)
    const settings = useServerSettings()
    refuseUnless(authorize(def.action, workspaceStandingOf(actorFor(credentials)!, params.slug).facts, { type: 'workspace' }, settings))
    const input = await readInput(event, def, params)
    const result = immediate((tx) => {
      const caller = workspaceStandingOf(callerNow(credentials), params.slug)
      const decision = authorize(def.action, caller.facts, { type: 'workspace' }, settings, def.subject?.(tx, caller, input))
      refuseUnless(decision)
      const { scope, audited } = scopeFor(tx, caller.actor, caller.facts, caller.workspace.id, decision.viaSupportSession ? caller.supportSessionId : null)
      const out = def.run({ ...scope, workspace: caller.workspace }, input)
      auditLentWrite(event, scope, audited())
      return out
    })
    return answer(event, def.status, result)
  })
}

interface ProjectWrite<P extends z.ZodType, B extends z.ZodType, R> extends CommonDefinition<P, B> {
  action: ProjectAction
  subject?: (tx: Tx, caller: ProjectStanding, input: Input<P, B>) => SubjectFacts
  run: (scope: WriteScope & Pick<ProjectStanding, 'project' | 'resource'>, input: Input<P, B>) => R
}

/** A write to a project or its content (models, versions, comments, collaborators). */
export function defineProjectWrite<P extends z.ZodType<{ id: number }>, B extends z.ZodType, R>(def: ProjectWrite<P, B, R>): EventHandler {
  return defineEventHandler(async (event) => {
    const params = validParams(event, def.params)
    const credentials = await requireCaller(event)
    const settings = useServerSettings()
    const early = projectStandingOf(actorFor(credentials)!, params.id)
    refuseUnless(authorize(def.action, early.facts, early.resource, settings))
    const input = await readInput(event, def, params)
    const result = immediate((tx) => {
      const caller = projectStandingOf(callerNow(credentials), params.id)
      const decision = authorize(def.action, caller.facts, caller.resource, settings, def.subject?.(tx, caller, input))
      refuseUnless(decision)
      const { scope, audited } = scopeFor(tx, caller.actor, caller.facts, caller.project.workspaceId, decision.viaSupportSession ? caller.supportSessionId : null)
      const out = def.run({ ...scope, project: caller.project, resource: caller.resource }, input)
      auditLentWrite(event, scope, audited())
      return out
    })
    return answer(event, def.status, result)
  })
}

interface AccountWrite<P extends z.ZodType, B extends z.ZodType, R, Prep> extends CommonDefinition<P, B> {
  /** `serverAdmin`: server admins only. `license`: needs workspaces (an Enterprise license). */
  requires?: 'serverAdmin' | 'license'
  /** Slow work that cannot run inside a transaction (password hashing); runs after validation, before it. */
  prepare?: (actor: Actor, input: Input<P, B>) => Promise<Prep>
  run: (scope: WriteScope, input: Input<P, B>, prepared: Prep) => R
  /** Work on the response once the change has committed (clearing a cookie the change made useless). */
  after?: (event: H3Event) => Promise<void>
}

/**
 * A write by the signed-in user about themselves or their own things (emails, tokens, personal projects,
 * joining a workspace), or a server-wide admin action. No support session lends any of these.
 */
export function defineAccountWrite<P extends z.ZodType, B extends z.ZodType, R, Prep = undefined>(def: AccountWrite<P, B, R, Prep>): EventHandler {
  const check = (actor: Actor) => {
    if (def.requires === 'license') requireLicense()
    if (def.requires === 'serverAdmin' && actor.serverRole !== 'admin') throw apiError('ServerAdminRequired', 'Only server admins can do this.')
  }
  return defineEventHandler(async (event) => {
    const params = validParams(event, def.params)
    const credentials = await requireCaller(event)
    check(actorFor(credentials)!)
    const input = await readInput(event, def, params)
    const prepared = def.prepare ? await def.prepare(actorFor(credentials)!, input) : (undefined as Prep)
    const result = immediate((tx) => {
      const actor = callerNow(credentials)
      check(actor)
      const facts: ActorFacts = { serverRole: actor.serverRole, workspaceRole: null, seat: null, projectRole: null, activeSupportSession: false }
      return def.run(scopeFor(tx, actor, facts, null, null).scope, input, prepared)
    })
    await def.after?.(event)
    return answer(event, def.status, result)
  })
}
