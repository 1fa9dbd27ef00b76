import type { ErrorCode } from '../error-codes'
import type { SupportScope } from '../support/scope'
import type { ProjectRole, ProjectVisibility, Seat, ServerRole, WorkspaceRole } from '../roles'

/** Server switches that change who may do what (SPEC 2). */
export interface ServerSettings {
  enterpriseLicense: boolean
  supportMode: boolean
}

/** Everything known about the caller relative to one resource, loaded fresh for each request. */
export interface ActorFacts {
  serverRole: ServerRole
  /** Role in the resource's workspace, null when not a member (or no workspace). */
  workspaceRole: WorkspaceRole | null
  seat: Seat | null
  /** Explicit project_roles row on the resource project, if any. */
  projectRole: ProjectRole | null
  /** An active (approved, unexpired, unrevoked) support session for the resource's workspace. */
  activeSupportSession: boolean
  /**
   * What that session lends (SPEC 3.12): read or write, all projects or some; absent means everything a
   * session lent before scopes (write, all projects). Only counted with `activeSupportSession`.
   */
  supportScope?: SupportScope
  /**
   * When the caller holds several active sessions in the workspace, what each lends, oldest first: an
   * action is lent when any of them lends it (the decision's `lentBy` names which). Overrides `supportScope`.
   */
  supportScopes?: SupportScope[]
}

/**
 * Who a membership or role change is about (SPEC 3.6): the person invited, promoted, added to a project,
 * or whose join request is decided. Passed only for actions that change someone's standing.
 */
export interface SubjectFacts {
  /** The change is about the acting user themselves (their account, or any of their email addresses). */
  isActor: boolean
  /** The change brings someone from outside into the resource's workspace (added to a project, they join as a Guest). */
  joinsWorkspace?: boolean
  /**
   * The project role given needs an Editor seat the person lacks, so their workspace seat is raised with it
   * (SPEC 3.3). With `joinsWorkspace`, what makes a project write also a workspace-level change of people,
   * which a session scoped to some projects does not lend (SPEC 3.12).
   */
  upgradesSeat?: boolean
  /**
   * The change lets a server admin into the workspace (approving their join request). A support session
   * never lends that, whoever holds it: a server admin joins only when one of the workspace's own Admins,
   * acting outside any session, lets them in (SPEC 3.6).
   */
  admitsServerAdmin?: boolean
  /**
   * The person the change is about is a server admin (their account, or an address any server admin's account
   * holds). A support session never raises a server admin's standing in the workspace, whoever holds it:
   * two server admins could otherwise let each other in for good (SPEC 3.6).
   */
  subjectIsServerAdmin?: boolean
  /**
   * The change rests on the acting user's own identity: a domain verified by one of their email addresses.
   * Under a support session that would be a server admin vouching for who may find and join the workspace.
   */
  vouchedByActor?: boolean
}

/**
 * What is acted on. `readsRequireSession`: the workspace's support policy lets server admins read its
 * data only during an approved support session (SPEC 3.10); absent means false.
 */
export type ResourceFacts =
  | { type: 'workspace', readsRequireSession?: boolean }
  | { type: 'project', inWorkspace: boolean, visibility: ProjectVisibility, readsRequireSession?: boolean, /** For a support session's project list (SPEC 3.12). */ projectId?: number }

export type Decision =
  /**
   * viaSupportSession: the caller's active support session is one of the facts that allowed this (their
   * own standing alone would not have); the write gate stamps the session on the change's audit event.
   * supportRead: a read allowed only because the caller is a server admin in support mode, which the
   * workspace sees in its access log (SPEC 3.10); a member's own reads never carry it.
   * lentBy: which of the caller's several sessions (`supportScopes`' index) lent it; absent: the only one.
   */
  | { authorized: true, viaSupportSession?: boolean, supportRead?: boolean, lentBy?: number }
  | { authorized: false, code: ErrorCode, message: string }

export const WORKSPACE_ACTIONS = [
  'workspace.read',
  'workspace.projects.create',
  'workspace.members.read',
  'workspace.update',
  'workspace.members.manage',
  /** Pending invites and join requests: what an Admin reviews before anyone joins. */
  'workspace.invites.read',
  'workspace.support.read',
  'workspace.support.manage',
  'workspace.support.request',
  /** Changing the support policy (SPEC 3.7): the Admin rule of `workspace.support.manage`, never a server admin's. */
  'workspace.support.policy.change',
  'workspace.audit.read',
  /** Uploading a witness's cosignature (SPEC 3.14): the workspace's own check on the server, never lent. */
  'workspace.audit.cosign',
  /** Webhooks: endpoints and their delivery logs (workspace Admins; server admins read them). */
  'workspace.integrations.read',
] as const
export type WorkspaceAction = (typeof WORKSPACE_ACTIONS)[number]

export const PROJECT_ACTIONS = [
  'project.read',
  'project.comment',
  'project.publish',
  'project.load',
  'project.update',
  'project.delete',
  'project.collaborators.manage',
] as const
export type ProjectAction = (typeof PROJECT_ACTIONS)[number]

export type Action = WorkspaceAction | ProjectAction
