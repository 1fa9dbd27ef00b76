import { checkpointMovedChains } from '../services/audit/checkpoints'
import { pruneAuthRecords } from '../services/accounts/auth'
import { deliverDueEmails } from '../services/mail/send'
import { noticeExpiredSessions } from '../services/support/expiry'
import { startScheduledSessions } from '../services/support/schedule'
import { remindExpiringSessions } from '../services/support/reminders'
import { remindUnreviewedEmergencies, remindWaitingRequests } from '../services/support/waiting-reminders'
import { pruneWebhookDeliveries } from '../services/webhooks/delivery'
import { disableWebhooksOfEndedSessions } from '../services/webhooks/session-tie'

/**
 * Background upkeep: retries due emails, sends expiry reminders, records expired support sessions (well
 * within the 60 s SPEC 3.8 allows), switches off webhooks a support session set up once it ends, prunes expired sign-ins and webhook deliveries older than 30 days. The outbox keeps what fails.
 */
export default defineNitroPlugin((nitro) => {
  const upkeep = backgroundJob('upkeep', async () => {
    // First: a session scheduled to start now should not wait behind the rest (SPEC 3.12: within 5 s).
    await startScheduledSessions()
    await remindExpiringSessions()
    // SPEC 3.13: a request still waiting, an emergency not yet reviewed.
    await remindWaitingRequests()
    await remindUnreviewedEmergencies()
    await noticeExpiredSessions()
    await disableWebhooksOfEndedSessions()
    await pruneAuthRecords()
    await pruneWebhookDeliveries()
  })
  // Mail has its own job: a slow SMTP server must not hold up the expiry notices.
  const mail = backgroundJob('mail', deliverDueEmails)
  const timer = setInterval(() => {
    upkeep()
    mail()
  }, useRuntimeConfig().upkeepIntervalMs)
  timer.unref()
  // Daily signed checkpoints of the audit chains that moved (SPEC 3.8), looked for hourly.
  const checkpoints = backgroundJob('audit-checkpoints', () => checkpointMovedChains())
  const checkpointTimer = setInterval(checkpoints, useRuntimeConfig().auditCheckpointScanMs)
  checkpointTimer.unref()
  nitro.hooks.hook('close', () => {
    clearInterval(timer)
    clearInterval(checkpointTimer)
  })
})
