export * from './types'
export { authorize, isReadAction } from './authorize'
export { effectiveProjectRole, implicitProjectRole, uncappedProjectRole } from './effective-role'
export { workspacePermissions, projectPermissions, type PermissionBlock, type WorkspacePermissions, type ProjectPermissions } from './blocks'
