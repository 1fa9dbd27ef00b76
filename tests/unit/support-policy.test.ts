import { describe, expect, it } from 'vitest'
import { DEFAULT_SUPPORT_POLICY, describeSupportPolicy, pendingLapse, supportPolicyPatchSchema, supportPolicyProblem, ticketUrlTemplateSchema } from '#shared/support/policy'
import { reportedStatus } from '#shared/support/status'
import { emergencyProblem } from '#shared/support/emergency'
import { requestSupportSchema } from '#shared/support/schemas'
import { hasTicket, visibleTicket } from '#shared/support/ticket'

const now = new Date('2026-11-29T10:00:00Z')
const inHours = (h: number) => new Date(now.getTime() + h * 3600_000)

describe('supportPolicyProblem (the check the dialog and the server share)', () => {
  it('accepts anything under the default policy', () => {
    expect(supportPolicyProblem(DEFAULT_SUPPORT_POLICY, { reason: '', expiresAt: null }, now)).toBeNull()
  })
  it('requires a non-blank reason when asked', () => {
    const policy = { ...DEFAULT_SUPPORT_POLICY, requireReason: true }
    expect(supportPolicyProblem(policy, { reason: '  ', expiresAt: null }, now)?.code).toBe('SupportReasonRequired')
    expect(supportPolicyProblem(policy, { reason: 'Ticket 1', expiresAt: null }, now)).toBeNull()
  })
  it('requires a reason that says something: "." or "x" is refused, a ticket number or a few words are not (issue 21)', () => {
    const policy = { ...DEFAULT_SUPPORT_POLICY, requireReason: true }
    for (const reason of ['.', 'x', '...!!!', ' ab ', '—–-']) {
      const problem = supportPolicyProblem(policy, { reason, expiresAt: null }, now)
      expect(problem?.code, reason).toBe('SupportReasonRequired')
      expect(problem?.message).toMatch(/at least 5 letters or digits/)
    }
    for (const reason of ['#4711 2', 'Ticket 7', 'Ärger bei Bäumen', '修复模型加载']) expect(supportPolicyProblem(policy, { reason, expiresAt: null }, now), reason).toBeNull()
  })
  it('caps the length: no expiry, or one past the cap, is too long; the cap itself is allowed', () => {
    const policy = { ...DEFAULT_SUPPORT_POLICY, maxSessionHours: 8 }
    expect(supportPolicyProblem(policy, { reason: '', expiresAt: null }, now)?.code).toBe('SupportSessionTooLong')
    expect(supportPolicyProblem(policy, { reason: '', expiresAt: new Date(inHours(8).getTime() + 1) }, now)?.field).toBe('expiresAt')
    expect(supportPolicyProblem(policy, { reason: '', expiresAt: inHours(8) }, now)).toBeNull()
  })
  it('says the policy in words', () => {
    expect(describeSupportPolicy({ requireReason: true, maxSessionHours: 48, approvalsRequired: 2, pendingTtlHours: 72, readsRequireSession: false, approvalRequiresPasskey: false, maxAccess: 'write', requireTicket: false, ticketUrlTemplate: null, emergencyAccess: false, autoApproveReadHours: null, remindAfterMinutes: 30 })).toEqual([
      'A reason is required.', 'Sessions last at most 2 days.', 'Needs 2 approvals, by two different workspace Admins.', 'Unapproved requests lapse after 3 days.',
    ])
    expect(describeSupportPolicy({ ...DEFAULT_SUPPORT_POLICY, readsRequireSession: true })).toContain('Reading the workspace’s data needs an approved session too.')
    expect(describeSupportPolicy({ ...DEFAULT_SUPPORT_POLICY, approvalRequiresPasskey: true })).toContain('Its Admins confirm approvals with a passkey.')
  })
})

describe('lapsing', () => {
  it('a pending request is reported expired from its lapse time; an active session is not affected', () => {
    const lapsesAt = pendingLapse({ ...DEFAULT_SUPPORT_POLICY, pendingTtlHours: 2 }, now)
    expect(lapsesAt).toEqual(inHours(2))
    expect(reportedStatus({ status: 'pending', expiresAt: null, lapsesAt }, inHours(1))).toBe('pending')
    expect(reportedStatus({ status: 'pending', expiresAt: null, lapsesAt }, inHours(2))).toBe('expired')
    expect(reportedStatus({ status: 'active', expiresAt: null, lapsesAt }, inHours(3))).toBe('active')
  })
})

describe('supportPolicyPatchSchema', () => {
  it.each([
    [{ approvalsRequired: 3 }], [{ maxSessionHours: 0 }], [{ pendingTtlHours: 721 }], [{ extra: 1 }], [{ requireReason: 'true' }],
  ])('refuses %j', body => expect(supportPolicyPatchSchema.safeParse(body).success).toBe(false))
  it('takes a partial policy and null for no limit', () => {
    expect(supportPolicyPatchSchema.parse({ maxSessionHours: null, approvalsRequired: 2 })).toEqual({ maxSessionHours: null, approvalsRequired: 2 })
  })
})

describe('a required ticket is a visible one (the dialog, the request and emergency access share the check)', () => {
  const policy = { ...DEFAULT_SUPPORT_POLICY, requireTicket: true }
  const INVISIBLE = ['\u200b', ' \u00a0 ', '\u200c\u200d', '\u2060', '\ufeff', '\u3164', '\t\n\u0007', '\u00ad']
  it('refuses a ticket of invisible characters only, and the schema drops them from its ends', () => {
    for (const ticket of INVISIBLE) {
      expect(supportPolicyProblem(policy, { reason: '', expiresAt: null, ticket }, now)?.code, JSON.stringify(ticket)).toBe('SupportTicketRequired')
      expect(emergencyProblem({ reason: 'The Tower project fails to load for everyone', expiresAt: null, durationMinutes: 30, ticket }, now, policy)?.field).toBe('ticket')
      expect(requestSupportSchema.parse({ ticket }).ticket, JSON.stringify(ticket)).toBeNull()
    }
    expect(requestSupportSchema.parse({ ticket: '\u200b INC-7\u00a0\ufeff' }).ticket).toBe('INC-7')
    expect(supportPolicyProblem(policy, { reason: '', expiresAt: null, ticket: 'INC-7' }, now)).toBeNull()
  })
  it('keeps what is inside a ticket, and reads a long one in one pass', () => {
    expect(visibleTicket('ZD\u200b-1 2')).toBe('ZD\u200b-1 2')
    expect(hasTicket(`${'\u200b'.repeat(200_000)}x${'\u200b'.repeat(200_000)}`)).toBe(true)
  })
})

describe('a ticket URL template', () => {
  it('puts the ticket after the host, never in it: a ticket cannot choose the site its link opens', () => {
    expect(ticketUrlTemplateSchema.safeParse('https://help.example.com/tickets/{ticket}').success).toBe(true)
    expect(ticketUrlTemplateSchema.safeParse('https://help.example.com/search?q={ticket}').success).toBe(true)
    expect(ticketUrlTemplateSchema.safeParse('https://{ticket}').success).toBe(false)
    expect(ticketUrlTemplateSchema.safeParse('https://{ticket}.example.com/').success).toBe(false)
    expect(ticketUrlTemplateSchema.safeParse('https://help.example.com{ticket}').success).toBe(false)
    expect(ticketUrlTemplateSchema.safeParse('http://help.example.com/{ticket}').success).toBe(false)
  })
})
