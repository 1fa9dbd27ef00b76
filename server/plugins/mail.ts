import { deliverDueEmails } from '../services/mail'
import { remindExpiringSessions } from '../services/support/reminders'

const TICK_MS = 5_000

/** Retries due emails and sends expiry reminders in the background; the outbox keeps what fails. */
export default defineNitroPlugin((nitro) => {
  const timer = setInterval(() => {
    try {
      remindExpiringSessions()
    }
    catch (error) {
      console.error('[support] reminders failed', error)
    }
    void deliverDueEmails()
  }, TICK_MS)
  timer.unref()
  nitro.hooks.hook('close', () => clearInterval(timer))
})
