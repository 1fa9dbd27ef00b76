import type { Tx } from '../../database/connection'
import type { Actor } from '../../utils/actor'
import type { SupportSessionView } from './queries'
import { queueEmail } from '../mail'
import { composeEmail } from '../mail-templates'
import { workspaceAdminContacts } from '../workspace-admins'

interface WorkspaceRef { id: number, slug: string, name: string }

const supportPage = (slug: string) => `/settings/workspaces/${slug}/support`
const expiryText = (expiresAt: Date | string | null) => (expiresAt ? `until ${new Date(expiresAt).toUTCString()}` : 'with no expiry')

export function notifyRequested(tx: Tx, workspace: WorkspaceRef, requester: Actor, input: { expiresAt: Date | null, reason: string }) {
  for (const admin of workspaceAdminContacts(tx, workspace.id)) {
    queueEmail(tx, composeEmail(admin.email, `Support access requested for ${workspace.name}`, [
      `Hi ${admin.name},`,
      `${requester.name} (${requester.email}), a server admin, asks for support access to the workspace ${workspace.name} ${expiryText(input.expiresAt)}.`,
      input.reason ? `Reason: ${input.reason}` : 'No reason was given.',
      'Nothing changes until a workspace admin approves the request.',
    ], { label: 'Review the request', path: supportPage(workspace.slug) }))
  }
}

export function notifyApproved(tx: Tx, workspace: WorkspaceRef, approver: Actor, session: SupportSessionView) {
  if (!session.requestedBy.email) return // the requester's account was deleted
  queueEmail(tx, composeEmail(session.requestedBy.email, `Support access to ${workspace.name} approved`, [
    `Hi ${session.requestedBy.name},`,
    `${approver.name} approved your support access to ${workspace.name} ${expiryText(session.expiresAt)}.`,
    'Every change you make is recorded in the workspace audit log.',
  ], { label: 'Open the workspace', path: `/workspaces/${workspace.slug}` }))
}

export function notifyRevoked(tx: Tx, workspace: WorkspaceRef, revoker: Actor, session: SupportSessionView, byRequester: boolean) {
  if (!byRequester) {
    if (!session.requestedBy.email) return
    queueEmail(tx, composeEmail(session.requestedBy.email, `Support access to ${workspace.name} revoked`, [
      `Hi ${session.requestedBy.name},`,
      `${revoker.name} revoked your support access to ${workspace.name}. Your access ended immediately.`,
    ]))
    return
  }
  for (const admin of workspaceAdminContacts(tx, workspace.id)) {
    queueEmail(tx, composeEmail(admin.email, `Support session for ${workspace.name} ended`, [
      `Hi ${admin.name},`,
      `${revoker.name} ended their support session in ${workspace.name}.`,
    ], { label: 'See support activity', path: supportPage(workspace.slug) }))
  }
}

export function notifyExpiringSoon(tx: Tx, session: SupportSessionView) {
  if (!session.requestedBy.email) return
  queueEmail(tx, composeEmail(session.requestedBy.email, `Support access to ${session.workspace.name} expires soon`, [
    `Hi ${session.requestedBy.name},`,
    `Your support session in ${session.workspace.name} expires at ${new Date(session.expiresAt!).toUTCString()}.`,
    'Request a new session if you need more time.',
  ]))
}
