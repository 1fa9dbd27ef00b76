import type { EventHandler, H3Event } from 'h3'
import type { z } from 'zod'
import { authorize, type ActorFacts, type Decision, type ProjectAction, type SubjectFacts, type WorkspaceAction } from '#shared/permissions'
import { serializeWrites, writeTransaction, type Tx } from '../database'
import { lendingSession, projectStandingOf, workspaceStandingOf, type ProjectStanding, type WorkspaceStanding } from '../services/access/standing'
import { actorFor, credentialsOf, type Actor, type Credentials } from '../services/accounts/sessions'
import { takeHits, type RateLimitHit } from '../services/access/rate-limits'
import { auditLentWrite, writeScope, type WriteScope } from '../services/write-scope'
import { refuseTokens, refuseUnlessRecentlyConfirmed } from './caller'
import { requireLicense } from './read-gate'

/**
 * The one way a route writes (SPEC 3.6 "One step"). Every write route is defined with
 * `defineWorkspaceWrite`, `defineProjectWrite` or `defineAccountWrite`, and each runs the same steps:
 *
 * 1. validate the params; a cheap check of who is calling and whether they may act at all, so strangers
 *    get their 401/403/404 without the server reading their body;
 * 2. read the body (at most 1 MiB) and validate it;
 * 3. one write transaction (server/database/store.ts): load the caller, their standing and their support session again,
 *    name the subject of the change, ask the permission model, make the change, append its audit event
 *    (stamped with the support session that allowed it) and queue its mail;
 * 4. once committed, its live events reach this process's open tabs (other processes tail them).
 *
 * A revocation or expiry that commits before step 3 refuses the write, and a support write and its
 * audit event commit or vanish together. Step 3 awaits only the database: slow work (DNS, password
 * hashing) belongs in `precheck` or `prepare`, before it, because writes queue behind it.
 */

type Input<P extends z.ZodType, B extends z.ZodType> = { params: z.output<P>, body: z.output<B> }
type Status = 200 | 201 | 202 | 204

interface CommonDefinition<P extends z.ZodType, B extends z.ZodType> {
  params: P
  /** Omitted for writes that take no body; a body sent anyway is not read. */
  body?: B
  /** 204 answers with no body. */
  status?: Status
  /**
   * Checks of the input that need I/O (a DNS lookup), run after validation and before the rate limits and
   * the transaction: an input refused here counts against no limit.
   */
  precheck?: (input: Input<P, B>, actor: Actor) => Promise<void>
  /**
   * The rate limits this write counts against (server/services/access/rate-limits.ts): each takes a hit, in a
   * write of its own, once the caller and the input are known and before the change; a full bucket is 429.
   */
  rateLimits?: (actor: Actor, input: Input<P, B>) => RateLimitHit[]
}

/** Before the body is read: who is calling, from the cookie or token, as the database has it now. */
async function requireCaller(event: H3Event) {
  const credentials = await credentialsOf(event)
  return { credentials, actor: await callerNow(credentials) }
}

/** Inside the transaction: the caller again, so a sign-out or deleted token a moment ago counts. */
async function callerNow(credentials: Credentials): Promise<Actor> {
  const actor = await actorFor(credentials)
  if (!actor) throw apiError('Unauthenticated', 'Sign in to continue.')
  return actor
}

async function readInput<P extends z.ZodType, B extends z.ZodType>(event: H3Event, def: CommonDefinition<P, B>, params: z.output<P>, actor: Actor): Promise<Input<P, B>> {
  const body = def.body ? await validBody(event, def.body) : undefined
  const input = { params, body: body as z.output<B> }
  await def.precheck?.(input, actor)
  return input
}

function answer<R>(event: H3Event, status: Status | undefined, result: R) {
  if (status) setResponseStatus(event, status)
  return status === 204 ? null : result
}

/** A caller's standing in what they write to, as the workspace and project writes load it. */
interface Standing { actor: Actor, facts: ActorFacts, supportSessionId: number | null, supportSessionIds: number[] }

interface StandingGate<S extends Standing, P extends z.ZodType, B extends z.ZodType, R> extends CommonDefinition<P, B> {
  load: (actor: Actor, params: z.output<P>) => Promise<S>
  decide: (standing: S, subject?: SubjectFacts) => Decision
  subject?: (tx: Tx, standing: S, input: Input<P, B>) => SubjectFacts | Promise<SubjectFacts>
  run: (scope: WriteScope, standing: S, input: Input<P, B>) => Promise<R>
  workspaceOf: (standing: S) => number | null
}

/** The steps every workspace and project write shares (see the top of this file). */
function defineStandingWrite<S extends Standing, P extends z.ZodType, B extends z.ZodType, R>(gate: StandingGate<S, P, B, R>): EventHandler {
  return defineEventHandler(async (event) => {
    const params = validParams(event, gate.params)
    const { credentials, actor } = await requireCaller(event)
    const firstLook = await gate.load(actor, params)
    refuseUnless(gate.decide(firstLook))
    const input = await readInput(event, gate, params, actor)
    if (gate.rateLimits) await takeHits(event, gate.rateLimits(actor, input))
    const result = await writeTransaction(async (tx) => {
      const actorNow = await callerNow(credentials)
      // Writes to one workspace run one after another in every app process, so the checks below (last
      // Admin, plan limit, approvals) see every write committed before this one: the workspace the first
      // look found is locked before the standing is read (a no-op where one writer runs every write alone).
      const locked = gate.workspaceOf(firstLook)
      if (locked !== null) await serializeWrites(tx, `workspace:${locked}`)
      let caller = await gate.load(actorNow, params)
      const workspaceId = gate.workspaceOf(caller)
      if (workspaceId !== null && workspaceId !== locked) {
        // The slug names another workspace than a moment ago (deleted and made again): lock that one, read again.
        await serializeWrites(tx, `workspace:${workspaceId}`)
        caller = await gate.load(actorNow, params)
      }
      const decision = gate.decide(caller, await gate.subject?.(tx, caller, input))
      refuseUnless(decision)
      // With several sessions at once, the one that lent this write is the one its audit event names.
      const lentBy = decision.viaSupportSession ? lendingSession(caller, decision) : null
      const { scope, audited } = writeScope(tx, caller.actor, caller.facts, workspaceId, lentBy)
      const out = await gate.run(scope, caller, input)
      await auditLentWrite(event, scope, audited())
      return out
    })
    return answer(event, gate.status, result)
  })
}

interface WorkspaceWrite<P extends z.ZodType, B extends z.ZodType, R> extends CommonDefinition<P, B> {
  action: WorkspaceAction
  /** Who the change is about, when it changes someone's standing (SPEC 3.6). Runs inside the transaction. */
  subject?: (tx: Tx, caller: WorkspaceStanding, input: Input<P, B>) => SubjectFacts | Promise<SubjectFacts>
  run: (scope: WriteScope & { workspace: WorkspaceStanding['workspace'] }, input: Input<P, B>) => Promise<R>
}

/** A write to a workspace or anything in it that is not a project (members, invites, settings, support). */
export function defineWorkspaceWrite<P extends z.ZodType<{ slug: string }>, B extends z.ZodType, R>(def: WorkspaceWrite<P, B, R>): EventHandler {
  const settings = () => useServerSettings()
  return defineStandingWrite<WorkspaceStanding, P, B, R>({
    ...def,
    load: (actor, params) => {
      requireLicense()
      return workspaceStandingOf(actor, params.slug)
    },
    // Not `caller.resource`: its readsRequireSession closes reads, and a requester may still withdraw
    // their own request (revoke is let in as `workspace.support.read`) without a session (SPEC 3.10).
    decide: (caller, subject) => authorize(def.action, caller.facts, { type: 'workspace' }, settings(), subject),
    run: (scope, caller, input) => def.run({ ...scope, workspace: caller.workspace }, input),
    workspaceOf: caller => caller.workspace.id,
  })
}

interface ProjectWrite<P extends z.ZodType, B extends z.ZodType, R> extends CommonDefinition<P, B> {
  action: ProjectAction
  subject?: (tx: Tx, caller: ProjectStanding, input: Input<P, B>) => SubjectFacts | Promise<SubjectFacts>
  run: (scope: WriteScope & Pick<ProjectStanding, 'project' | 'resource'>, input: Input<P, B>) => Promise<R>
}

/** A write to a project or its content (models, versions, comments, collaborators). */
export function defineProjectWrite<P extends z.ZodType<{ id: number }>, B extends z.ZodType, R>(def: ProjectWrite<P, B, R>): EventHandler {
  return defineStandingWrite<ProjectStanding, P, B, R>({
    ...def,
    load: (actor, params) => projectStandingOf(actor, params.id),
    decide: (caller, subject) => authorize(def.action, caller.facts, caller.resource, useServerSettings(), subject),
    run: (scope, caller, input) => def.run({ ...scope, project: caller.project, resource: caller.resource }, input),
    workspaceOf: caller => caller.project.workspaceId,
  })
}

/**
 * `serverAdmin`: server admins only. `license`: needs workspaces (an Enterprise license).
 * `browser`: a sign-in through the browser, not an API token (adding a passkey, which can sign in).
 * `recentSignIn`: sudo mode (SPEC 3.11), a password or passkey confirmed on this sign-in a moment ago
 * (`refuseUnlessRecentlyConfirmed`): changes a stolen cookie or token must not make to keep the account.
 */
type Requirement = 'serverAdmin' | 'license' | 'browser' | 'recentSignIn'

interface AccountWrite<P extends z.ZodType, B extends z.ZodType, R, Prep> extends CommonDefinition<P, B> {
  /** One requirement or several, checked in this order before the body is read and again in the transaction. */
  requires?: Requirement | Requirement[]
  /**
   * Slow work that cannot run inside a transaction (password hashing, checking a passkey's signature);
   * runs after validation, before it.
   */
  prepare?: (actor: Actor, input: Input<P, B>, event: H3Event) => Promise<Prep>
  run: (scope: WriteScope, input: Input<P, B>, prepared: Prep) => Promise<R>
  /** Work on the response once the change has committed (clearing a cookie the change made useless). */
  after?: (event: H3Event) => Promise<void>
}

/**
 * A write by the signed-in user about themselves or their own things (emails, tokens, personal projects,
 * joining a workspace), or a server-wide admin action. No support session lends any of these.
 */
export function defineAccountWrite<P extends z.ZodType, B extends z.ZodType, R, Prep = undefined>(def: AccountWrite<P, B, R, Prep>): EventHandler {
  const requires = new Set([def.requires ?? []].flat())
  const check = (actor: Actor) => {
    if (requires.has('license')) requireLicense()
    if (requires.has('serverAdmin') && actor.serverRole !== 'admin') throw apiError('ServerAdminRequired', 'Only server admins can do this.')
    if (requires.has('browser')) refuseTokens(actor)
    if (requires.has('recentSignIn')) refuseUnlessRecentlyConfirmed(actor)
  }
  return defineEventHandler(async (event) => {
    const params = validParams(event, def.params)
    const { credentials, actor: early } = await requireCaller(event)
    check(early)
    const input = await readInput(event, def, params, early)
    if (def.rateLimits) await takeHits(event, def.rateLimits(early, input))
    const prepared = def.prepare ? await def.prepare(early, input, event) : (undefined as Prep)
    const result = await writeTransaction(async (tx) => {
      const actor = await callerNow(credentials)
      check(actor)
      const facts: ActorFacts = { serverRole: actor.serverRole, workspaceRole: null, seat: null, projectRole: null, activeSupportSession: false }
      return def.run(writeScope(tx, actor, facts, null, null).scope, input, prepared)
    })
    await def.after?.(event)
    return answer(event, def.status, result)
  })
}
