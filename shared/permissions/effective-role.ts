import { highestProjectRole, type ProjectRole } from '../roles'
import type { ActorFacts, ResourceFacts } from './types'

type ProjectFacts = Extract<ResourceFacts, { type: 'project' }>

/** The role the workspace grants on a project without any explicit row (SPEC 3.1, steps 2–4). */
export function implicitProjectRole(actor: Pick<ActorFacts, 'workspaceRole'>, project: ProjectFacts): ProjectRole | null {
  if (!project.inWorkspace) return null
  if (actor.workspaceRole === 'admin') return 'owner'
  if (actor.workspaceRole === 'member' && project.visibility === 'workspace') return 'viewer'
  return null
}

/** Highest of explicit and implicit roles, before the seat cap. */
export function uncappedProjectRole(actor: Pick<ActorFacts, 'workspaceRole' | 'projectRole'>, project: ProjectFacts): ProjectRole | null {
  // A Guest holds explicit roles only; someone outside the workspace holds none on its projects.
  if (project.inWorkspace && actor.workspaceRole === null) return null
  return highestProjectRole(actor.projectRole, implicitProjectRole(actor, project))
}

/** SPEC 3.1: the role that decides project actions, after a Viewer seat caps it at Can view. */
export function effectiveProjectRole(actor: Pick<ActorFacts, 'workspaceRole' | 'seat' | 'projectRole'>, project: ProjectFacts): ProjectRole | null {
  const role = uncappedProjectRole(actor, project)
  if (role && project.inWorkspace && actor.seat === 'viewer') return 'viewer'
  return role
}
