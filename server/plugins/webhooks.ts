import { deliverDueWebhooks } from '../services/webhooks/delivery'

/**
 * The webhook worker (SPEC 3.9): each process looks for due deliveries on a short interval (and at once
 * after a change queues one); claims make each attempt one process's, so two processes never both send.
 */
export default defineNitroPlugin((nitro) => {
  const scan = backgroundJob('webhooks', deliverDueWebhooks)
  const timer = setInterval(scan, Number(useRuntimeConfig().webhooksPollMs))
  timer.unref()
  nitro.hooks.hook('close', () => clearInterval(timer))
})
