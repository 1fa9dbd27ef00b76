import { describe, expect, it } from 'vitest'
import { autoApproval, autoApprovalConflict } from '#shared/support/auto-approval'
import { decidePolicyChange, type ActorFacts } from '#shared/permissions'

/** SPEC 3.13's automatic approval and SPEC 3.7's policy writer, as the server and the dialog both ask them. */
const now = new Date('2026-12-07T03:00:00Z')
const read = { access: 'read' as const, projects: 'all' as const }
const policy = { autoApproveReadHours: 1, approvalsRequired: 1 as const }
const ask = (over: object = {}) => ({ scope: read, expiresAt: null, durationMinutes: 30, startsAt: null, ...over })

describe('autoApproval', () => {
  it('approves a read-only request ending within the limit, active now or scheduled at its start', () => {
    expect(autoApproval(policy, ask(), now)).toMatchObject({ auto: true, scheduled: false, end: new Date('2026-12-07T03:30:00Z') })
    expect(autoApproval(policy, ask({ durationMinutes: 60 }), now)).toMatchObject({ auto: true })
    const later = new Date('2026-12-08T00:00:00Z')
    expect(autoApproval(policy, ask({ startsAt: later }), now)).toMatchObject({ auto: true, scheduled: true, activation: later })
  })

  it('says why an Admin must approve instead', () => {
    expect(autoApproval({ ...policy, autoApproveReadHours: null }, ask(), now)).toMatchObject({ auto: false, why: 'off' })
    expect(autoApproval({ ...policy, approvalsRequired: 2 }, ask(), now)).toMatchObject({ auto: false, why: 'twoApprovals' })
    expect(autoApproval(policy, ask({ scope: { ...read, access: 'write' } }), now)).toMatchObject({ auto: false, why: 'write', message: expect.stringContaining('write access') })
    expect(autoApproval(policy, ask({ durationMinutes: null }), now)).toMatchObject({ auto: false, why: 'noEnd' })
    expect(autoApproval(policy, ask({ durationMinutes: 61 }), now)).toMatchObject({ auto: false, why: 'tooLong', message: expect.stringContaining('longer than 1 hour') })
    expect(autoApproval(policy, ask({ durationMinutes: null, expiresAt: new Date('2026-12-07T04:01:00Z') }), now)).toMatchObject({ auto: false, why: 'tooLong' })
  })

  it('refuses a policy with both two approvals and automatic approval', () => {
    expect(autoApprovalConflict({ approvalsRequired: 2, autoApproveReadHours: 1 })).toMatch(/two-person rule/)
    expect(autoApprovalConflict({ approvalsRequired: 2, autoApproveReadHours: null })).toBeNull()
    expect(autoApprovalConflict(policy)).toBeNull()
  })
})

describe('decidePolicyChange', () => {
  const settings = { enterpriseLicense: true, supportMode: true }
  const facts = (over: Partial<ActorFacts>): ActorFacts => ({ serverRole: 'user', workspaceRole: 'admin', seat: 'editor', projectRole: null, activeSupportSession: false, ...over })
  it('lets a workspace Admin change the policy, never a server admin, a member Admin or with a session', () => {
    expect(decidePolicyChange(facts({}), settings)).toEqual({ authorized: true })
    for (const activeSupportSession of [false, true]) {
      expect(decidePolicyChange(facts({ serverRole: 'admin', activeSupportSession }), settings)).toMatchObject({ authorized: false, code: 'SupportPolicyServerAdmin' })
      expect(decidePolicyChange(facts({ serverRole: 'admin', workspaceRole: null, seat: null, activeSupportSession }), settings)).toMatchObject({ authorized: false, code: 'WorkspaceAdminRequired' })
    }
    expect(decidePolicyChange(facts({ workspaceRole: 'member' }), settings)).toMatchObject({ authorized: false, code: 'WorkspaceAdminRequired' })
  })
})
