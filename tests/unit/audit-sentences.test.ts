import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeAuditEvent, isSupportChange, type AuditEventLike } from '#shared/audit-sentences'
import { ACCESS_READ_ACTION } from '#shared/support/access'

const olive = { name: 'Olive Ops' }
const event = (action: string, data: Record<string, unknown> = {}, extra: Partial<AuditEventLike> = {}): AuditEventLike =>
  ({ action, actor: olive, targetType: null, targetId: null, data, ...extra })

describe('audit events in words', () => {
  it.each([
    [event('project.updated', { name: 'Tower', changes: { name: { from: 'Tower', to: 'Tower B' } } }), 'Olive Ops renamed project Tower to Tower B'],
    [event('project.updated', { name: 'Tower', changes: { visibility: { from: 'workspace', to: 'private' } } }), 'Olive Ops changed the visibility of project Tower from Workspace to Private'],
    [event('workspace.updated', { name: 'Acme', changes: { discoverable: { from: false, to: true } } }), 'Olive Ops turned Discoverable on for workspace Acme'],
    [event('member.updated', { name: 'Cy', changes: { seat: { from: 'viewer', to: 'editor' } } }), 'Olive Ops changed Cy’s seat from Viewer to Editor'],
    [event('member.updated', { name: 'Ben', changes: { role: { from: 'member', to: 'admin' }, seat: { from: 'viewer', to: 'editor' } } }), 'Olive Ops changed Ben’s role from Member to Admin and seat from Viewer to Editor'],
    [event('member.removed', { name: 'Cy', role: 'member', seat: 'viewer' }), 'Olive Ops removed Cy from the workspace'],
    [event('collaborator.set', { name: 'Tower', user: { id: 3, name: 'Cy' }, changes: { role: { from: null, to: 'editor' } }, seatUpgraded: true }), 'Olive Ops gave Cy Can edit on Tower (Cy’s seat became Editor)'],
    [event('collaborator.set', { name: 'Tower', user: { id: 3, name: 'Cy' }, changes: { role: { from: 'viewer', to: 'owner' } } }), 'Olive Ops changed Cy’s role on Tower from Can view to Owner'],
    [event('collaborator.removed', { name: 'Tower', user: { id: 3, name: 'Cy' }, role: 'viewer' }), 'Olive Ops removed Cy from Tower'],
    [event('invite.created', { email: 'new@acme.test', role: 'member', seat: 'editor' }), 'Olive Ops invited new@acme.test as Member with an Editor seat'],
    [event('comment.created', { project: 'Tower', text: 'Looks good' }), 'Olive Ops commented on Tower: “Looks good”'],
    [event('support.requested', { reason: 'Ticket 42' }), 'Olive Ops requested support access: “Ticket 42”'],
    [event('support.revoked', { byRequester: true }), 'Olive Ops ended their support session'],
    [event('support.expired', {}, { actor: null }), 'The support session expired'],
    [event('support.expired', { requester: 'Sam Admin' }, { actor: null }), 'The support session of Sam Admin expired'],
    [event('support.expired', { requester: 'Sam Admin', lapsed: true }, { actor: null }), 'The support request of Sam Admin lapsed without approval'],
    [event('support.expired', { requester: 'Olive Ops', policyWithdrew: true }, { actor: null }), 'The support policy no longer approves the scheduled read-only session of Olive Ops automatically: it ended before its start'],
    [event('support.approved', { comment: 'Tower only', expiresAt: { from: 'a', to: 'b' } }), 'Olive Ops approved the support request (with an earlier expiry than asked): “Tower only”'],
    [event('support.extension_requested', { reason: 'second deploy' }), 'Olive Ops asked for more time on their support session: “second deploy”'],
    [event('support.extension_approved', { approval: 1, of: 2 }), 'Olive Ops approved more time for the support session (1 of 2 approvals)'],
    [event('support.extension_declined', {}), 'Olive Ops declined more time for the support session'],
    [event('join_request.approved', { user: { id: 9, name: 'Gus' } }), 'Olive Ops approved Gus’s request to join'],
    [event('access.read', { name: 'Tower', route: '/api/projects/3/comments' }, { targetType: 'comments', targetId: '3' }), 'Olive Ops read “Tower” (Comments)'],
    [event('passkey.added', { name: 'Laptop' }), 'Olive Ops added the passkey “Laptop” to their account'],
    [event('passkey.removed', { name: 'Laptop', withPasswordChange: true }), 'Olive Ops removed the passkey “Laptop” from their account while changing their password'],
    [event('token.created', { name: 'CI' }), 'Olive Ops created the API token “CI”'],
    [event('token.deleted', { name: 'CI' }), 'Olive Ops deleted the API token “CI”'],
    [event('audit.cosigned', { witness: 'acme-witness', keyId: '0a1b2c3d', treeSize: 12 }), 'Olive Ops recorded witness acme-witness’s cosignature of the audit log at 12 events'],
    [event('email.added', { email: 'olive@acme.test' }), 'Olive Ops added the email address olive@acme.test to their account'],
    [event('user.deleted', { name: 'Gus', memberships: [{}], joinRequests: [{}, {}], invites: [] }), 'Olive Ops deleted the account of Gus (1 membership, 2 join requests removed)'],
    [event('user.deleted', { name: 'Olive Ops', self: true, role: null, joinRequests: [{ id: 3 }], invites: [{ id: 4 }] }), 'Olive Ops deleted their own account (1 join request, 1 invite removed)'],
    [event('user.deleted', { name: 'Cy', role: 'member', joinRequests: [], invites: [] }), 'Olive Ops deleted the account of Cy (1 membership removed)'],
    [event('user.deleted', { name: 'Cy' }), 'Olive Ops deleted the account of Cy'],
    // SPEC 3.13: emergency access, its review, automatic approval and the reminders.
    [event('support.emergency', { reason: 'Tower is down for everyone' }), 'Olive Ops started emergency access without approval: “Tower is down for everyone”'],
    [event('support.reviewed', { verdict: 'flagged', comment: 'Not paged' }, { actor: { name: 'Ada' } }), 'Ada flagged the emergency access: “Not paged”'],
    [event('support.reviewed', { verdict: 'acknowledged' }, { actor: { name: 'Ada' } }), 'Ada acknowledged the emergency access'],
    [event('support.approved', { auto: true, scope: { access: 'read', projects: 'all' } }, { actor: null }), 'The support policy approved the read-only request automatically'],
    [event('support.request_reminded', {}, { actor: null }), 'The workspace Admins were reminded that the support request is still waiting'],
    [event('support.review_reminded', {}, { actor: null }), 'The workspace Admins were reminded that the emergency access awaits their review'],
    [event('something.new'), 'Olive Ops did something new'],
    // Issue 35's wording list.
    [event('invite.accepted', { email: 'gil@globex.test', role: 'member', seat: 'viewer' }), 'Olive Ops accepted the invitation and joined as Member with a Viewer seat'],
    [event('invite.declined', { email: 'gil@globex.test' }), 'Olive Ops declined the invitation for gil@globex.test'],
    [event('support.revoked', { byRequester: true, withdrawn: true }), 'Olive Ops withdrew their request for support access'],
    [event('webhook.tested', { url: 'https://hooks.example' }), 'Olive Ops sent a test delivery to webhook https://hooks.example'],
    [event('support.write', {}, { targetId: 'POST /api/workspaces/acme/webhooks/1/test' }), 'Olive Ops sent a test delivery to webhook #1'],
    [event('support.write', {}, { targetId: 'POST /api/workspaces/acme/somewhere' }), 'Olive Ops made a change through the API'],
  ])('%#: %s', (e, sentence) => {
    expect(describeAuditEvent(e)).toBe(sentence)
  })

  it('never shows a raw action code or request line for known changes', () => {
    expect(describeAuditEvent(event('collaborator.set', { name: 'Tower', user: { name: 'Cy' }, changes: { role: { from: null, to: 'viewer' } } }))).not.toMatch(/collaborator\.set|POST/)
  })

  it('counts everything but a session\'s lifecycle as its changes', () => {
    expect(['project.updated', 'support.write', 'comment.created'].every(isSupportChange)).toBe(true)
    expect(['support.requested', 'support.approved', 'support.revoked', 'support.expired', 'access.read', 'support.emergency', 'support.reviewed', 'support.request_reminded', 'support.review_reminded'].some(isSupportChange)).toBe(false)
  })

  /**
   * Every action the server records, read from its sources: `action: '…'` in the services (routes name
   * permission actions, never audit ones) and the content writes' `auditIfLent(scope, '…')`. An action
   * with no sentence of its own would read "did …", or reach the "Support session ended" email as such.
   */
  it('has a sentence for every action the server records (issue 35)', () => {
    const files: string[] = []
    const walk = (dir: string) => readdirSync(dir, { withFileTypes: true }).forEach(e => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && files.push(join(dir, e.name))))
    walk('server/services')
    // Actions built from a template, with every value the template takes.
    const templates: Record<string, string[]> = { 'join_request.${decision}': ['join_request.approved', 'join_request.denied'] }
    const actions = new Set<string>([ACCESS_READ_ACTION])
    for (const file of files) {
      const source = readFileSync(file, 'utf8')
      for (const [, , action] of source.matchAll(/\baction: (['`])([a-z_]+\.[^'`]+)\1/g)) {
        if (!action!.includes('${')) actions.add(action!)
        else if (templates[action!]) templates[action!]!.forEach(a => actions.add(a))
        else throw new Error(`${file}: the action template ${action} needs its values listed in this test`)
      }
      for (const [, action] of source.matchAll(/auditIfLent\(\w+, '([^']+)'/g)) actions.add(action!)
    }
    expect(actions.size).toBeGreaterThan(40)
    const missing = [...actions].filter((action) => {
      const sentence = describeAuditEvent(event(action, { name: 'Tower', email: 'a@b.test', url: 'https://x.test' }, { targetId: 'POST /api/x' }))
      // A lent write its service did not record is named without its request line, never as "did …".
      return (action === 'support.write' ? /POST|\(/ : / did |POST/).test(sentence)
    })
    expect(missing, 'audit actions without a sentence (shared/audit-sentences.ts)').toEqual([])
  })
})
