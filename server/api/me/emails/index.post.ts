import { emptyParams } from '#shared/schemas/common'
import { addEmailSchema } from '#shared/schemas/account'
import { addEmail, assertEmailAddable } from '~~/server/services/accounts/emails'
import { RATE_LIMITS } from '~~/server/services/access/rate-limits'
import { defineAccountWrite } from '~~/server/gate/write-gate'

/**
 * Adds an email address and mails it a verification link. Sudo mode (SPEC 3.11): a verified address signs
 * in. Limited per account and per address, so nobody makes the server mail an inbox over and over.
 */
export default defineAccountWrite({
  params: emptyParams,
  body: addEmailSchema,
  status: 201,
  requires: 'recentSignIn',
  // Before the limits: an address that cannot be added sends no mail and counts against none.
  precheck: (input, actor) => assertEmailAddable(actor.id, input.body.email),
  rateLimits: (actor, { body }) => [[RATE_LIMITS.emailAdd, actor.id], [RATE_LIMITS.verificationEmail, body.email]],
  run: (scope, { body }) => addEmail(scope, body.email),
})
