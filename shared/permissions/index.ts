export * from './types'
export { authorize, isReadAction } from './authorize'
export { effectiveProjectRole, implicitProjectRole, uncappedProjectRole } from './effective-role'
export { workspacePermissions, projectPermissions, permissionEntry, refusal, type PermissionBlock, type PermissionEntry, type WorkspacePermissions, type ProjectPermissions } from './blocks'
