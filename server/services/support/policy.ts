import { eq } from 'drizzle-orm'
import { autoApprovalConflict } from '#shared/support/auto-approval'
import type { SupportPolicy, SupportPolicyPatch } from '#shared/support/policy'
import type { WriteScope } from '../write-scope'
import { adminCount } from '../workspaces/rules'
import { mayChangePolicy } from './who-decides'
import { tables, useDb, type DbOrTx } from '../../database'

type WorkspaceRow = typeof tables.workspaces.$inferSelect

/** The support policy stored on a workspace row (SPEC 3.7). */
export function supportPolicyOf(workspace: WorkspaceRow): SupportPolicy {
  return {
    requireReason: workspace.supportRequireReason,
    maxSessionHours: workspace.supportMaxSessionHours,
    approvalsRequired: workspace.supportApprovalsRequired === 2 ? 2 : 1,
    pendingTtlHours: workspace.supportPendingTtlHours,
    readsRequireSession: workspace.supportReadsRequireSession,
    approvalRequiresPasskey: workspace.supportApprovalRequiresPasskey,
    maxAccess: workspace.supportMaxAccess === 'read' ? 'read' : 'write',
    requireTicket: workspace.supportRequireTicket,
    ticketUrlTemplate: workspace.supportTicketUrlTemplate,
    emergencyAccess: workspace.supportEmergencyAccess,
    autoApproveReadHours: workspace.supportAutoApproveReadHours,
    remindAfterMinutes: workspace.supportRemindAfterMinutes,
  }
}

const COLUMNS = {
  requireReason: 'supportRequireReason',
  maxSessionHours: 'supportMaxSessionHours',
  approvalsRequired: 'supportApprovalsRequired',
  pendingTtlHours: 'supportPendingTtlHours',
  readsRequireSession: 'supportReadsRequireSession',
  approvalRequiresPasskey: 'supportApprovalRequiresPasskey',
  maxAccess: 'supportMaxAccess',
  requireTicket: 'supportRequireTicket',
  ticketUrlTemplate: 'supportTicketUrlTemplate',
  emergencyAccess: 'supportEmergencyAccess',
  autoApproveReadHours: 'supportAutoApproveReadHours',
  remindAfterMinutes: 'supportRemindAfterMinutes',
} as const satisfies Record<keyof SupportPolicy, keyof WorkspaceRow>

/**
 * Changes a workspace's support policy; the audit event keeps each changed setting before and after,
 * and announces the change to every Admin and the `support.policy_changed` webhook (SPEC 3.11).
 * Only a workspace Admin who is not a server admin changes it, and while approvals need a passkey, so
 * does this (mayChangePolicy). Two approvals need two Admins to give them, counted in this transaction,
 * and rule out automatic approval: the policy as it would stand is refused when it asks for both.
 */
export async function changeSupportPolicy(scope: WriteScope & { workspace: WorkspaceRow }, patch: SupportPolicyPatch): Promise<SupportPolicy> {
  const { tx, audit, workspace } = scope
  mayChangePolicy(scope)
  const before = supportPolicyOf(workspace)
  if (patch.approvalsRequired === 2 && before.approvalsRequired !== 2) {
    if (await adminCount(tx, workspace.id) < 2) throw apiError('SupportPolicyUnsatisfiable', 'Two approvals need at least two workspace Admins. Make someone else an Admin first.')
  }
  // Only the settings the patch names: an absent one stays as it is.
  const named = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
  const after: SupportPolicy = { ...before, ...named } as SupportPolicy
  const conflict = autoApprovalConflict(after)
  if (conflict) throw apiError('SupportPolicyConflict', conflict, { issues: [{ path: 'autoApproveReadHours', message: conflict }] })
  const changed = (Object.keys(COLUMNS) as (keyof SupportPolicy)[]).filter(key => before[key] !== after[key])
  if (changed.length) {
    const w = tables.workspaces
    await tx.update(w).set(Object.fromEntries(changed.map(key => [COLUMNS[key], after[key]]))).where(eq(w.id, workspace.id))
  }
  await audit({
    action: 'support.policy_changed', targetType: 'workspace', targetId: workspace.id,
    data: { name: workspace.name, changes: Object.fromEntries(changed.map(key => [key, { from: before[key], to: after[key] }])) },
  })
  return after
}

/** The policy of a workspace by id, for pages that show it next to other things (Server Settings details) and for announcements. */
export async function readSupportPolicy(workspaceId: number, db: DbOrTx = useDb()): Promise<SupportPolicy> {
  const w = tables.workspaces
  const [row] = await db.select().from(w).where(eq(w.id, workspaceId))
  if (!row) throw apiError('WorkspaceNotFound', 'Workspace not found.')
  return supportPolicyOf(row)
}
