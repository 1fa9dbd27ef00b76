import { and, asc, eq, isNull, lte, or } from 'drizzle-orm'
import type { Transporter } from 'nodemailer'
import type { DbOrTx } from '../../database'
import { afterCommit, tables, useDb, writeTransaction } from '../../database'

export interface Email {
  to: string
  subject: string
  text: string
  html: string
}

/**
 * Queues an email in the outbox; call inside the transaction of the change it announces, so neither is lost.
 * `workspaceId` names the workspace whose change it announces (null: an account's own mail, such as a
 * verification link): Server Settings → Emails shows a workspace's mail only as the read gate would (SPEC 3.10).
 */
export async function queueEmail(db: DbOrTx, workspaceId: number | null, email: Email): Promise<void> {
  await db.insert(tables.emailOutbox).values({ ...email, workspaceId })
  afterCommit(() => void deliverDueEmails())
}

const BATCH = 20
const MAX_BACKOFF_MS = 5 * 60 * 1000
let transporter: Promise<Transporter> | undefined
let running: Promise<void> | undefined
let again = false

/** nodemailer (some 40 modules) is loaded for the first email to send, not at start (issue 33 item 7). */
function useTransporter(): Promise<Transporter> | undefined {
  const url = useRuntimeConfig().smtpUrl
  if (!url) return undefined
  transporter ??= import('nodemailer').then(({ createTransport }) => createTransport(smtpOptions(url)))
  return transporter
}

/** `smtp://user:pass@host:port` (or `smtps://`) as nodemailer options, with short timeouts so a dead server fails fast. */
function smtpOptions(url: string) {
  const u = new URL(url)
  const secure = u.protocol === 'smtps:'
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 465 : 587),
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10000,
  }
}

/** Exponential backoff: 2 s, 4 s, 8 s … capped at five minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts)
}

/** Longer than a send can take (the timeouts above): a claim outlives any attempt of the process holding it. */
const CLAIM_MS = 60_000

const dueAt = (now: Date) => and(isNull(tables.emailOutbox.sentAt), or(isNull(tables.emailOutbox.nextAttemptAt), lte(tables.emailOutbox.nextAttemptAt, now)))

/**
 * Takes one due email for this process: its next attempt moves a minute ahead in one guarded update,
 * so another process (several app instances share the outbox) skips it, and if this one dies while
 * sending, the email is due again a minute later.
 */
async function claim(id: number) {
  const o = tables.emailOutbox
  const [mail] = await writeTransaction(tx => tx.update(o).set({ nextAttemptAt: new Date(Date.now() + CLAIM_MS) })
    .where(and(eq(o.id, id), dueAt(new Date()))).returning())
  return mail
}

async function deliverOnce(smtp: Transporter): Promise<number> {
  const { emailOutbox: o } = tables
  const due = await useDb().select({ id: o.id }).from(o).where(dueAt(new Date())).orderBy(asc(o.id)).limit(BATCH)
  for (const { id } of due) {
    const mail = await claim(id)
    if (!mail) continue
    try {
      await smtp.sendMail({ from: useRuntimeConfig().mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
      await writeTransaction(tx => tx.update(o).set({ sentAt: new Date(), attempts: mail.attempts + 1, lastError: null }).where(eq(o.id, mail.id)))
    }
    catch (error) {
      const attempts = mail.attempts + 1
      await writeTransaction(tx => tx.update(o).set({ attempts, lastError: String((error as Error).message ?? error).slice(0, 500), nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) })
        .where(eq(o.id, mail.id)))
    }
  }
  return due.length
}

/** Sends what is due: one delivery loop per process, and a claim per email, so no email goes out twice. */
export function deliverDueEmails(): Promise<void> {
  if (running) {
    again = true
    return running
  }
  const transport = useTransporter()
  if (!transport) return Promise.resolve()
  running = (async () => {
    const smtp = await transport
    do {
      again = false
      while (await deliverOnce(smtp) === BATCH) { /* keep draining */ }
    } while (again)
  })().catch(error => console.error('[mail] delivery failed', error)).finally(() => {
    running = undefined
  })
  return running
}
