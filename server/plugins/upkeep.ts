import { pruneAuthRecords } from '../services/auth'
import { deliverDueEmails } from '../services/mail'
import { remindExpiringSessions } from '../services/support/reminders'

const TICK_MS = 5_000

/** Background upkeep: retries due emails, sends expiry reminders, prunes expired sign-ins. The outbox keeps what fails. */
export default defineNitroPlugin((nitro) => {
  const timer = setInterval(() => {
    try {
      remindExpiringSessions()
      pruneAuthRecords()
    }
    catch (error) {
      console.error('[upkeep] failed', error)
    }
    void deliverDueEmails()
  }, TICK_MS)
  timer.unref()
  nitro.hooks.hook('close', () => clearInterval(timer))
})
