import { policyChangeParts } from '#shared/audit-sentences'
import type { DbOrTx } from '../../database'
import { queueEmail } from '../mail/send'
import { composeEmail } from '../mail/templates'
import { workspaceAdminContacts } from '../workspaces/admins'

type Changes = Record<string, { from: unknown, to: unknown }>

/**
 * `support.policy_changed` (SPEC 3.11): every Admin of the workspace hears what changed, before and
 * after, and who changed it, so a rule loosened with a stolen sign-in does not go unnoticed. A save
 * that changed nothing sends nothing.
 */
export async function notifyPolicyChanged(db: DbOrTx, workspace: { id: number, slug: string, name: string }, by: { name: string } | null, changes: Changes) {
  const parts = policyChangeParts(changes)
  if (!parts.length) return
  const who = by?.name ?? 'Someone'
  for (const admin of await workspaceAdminContacts(db, workspace.id)) {
    await queueEmail(db, workspace.id, composeEmail(admin.email, `Support policy of ${workspace.name} changed`, [
      `Hi ${admin.name},`,
      `${who} changed the support policy of the workspace ${workspace.name}:`,
    ], { label: 'Review the support policy', path: `/settings/workspaces/${workspace.slug}/support` }, parts, [
      'If you did not expect this change, review the policy and the workspace\'s activity now: the policy decides how server admins get access to your workspace.',
    ]))
  }
}
