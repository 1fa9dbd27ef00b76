import { expect, test } from '@playwright/test'
import { localInput, open, openLive } from '../../tests/e2e/helpers'
import { VIEWPORT, caption, enter, leave, shoot, writeStoryboard, type Actor } from './stage'

/**
 * The seed's story (SPEC 7), as `npm run demo` plays it and `npm test` checks it: Sam, a server admin,
 * asks Acme for support access; Ada, Acme's admin, approves it for less time than asked; Sam works in
 * support mode while Ben, a member, sees the banner; Ada reads what Sam changed, then revokes. Each step
 * waits for what a person would see, never for time.
 */
const REASON = 'Customer ticket #4521: Tower models fail to sync'
const COMMENT_BY_SAM = 'Resynced the Structure model; the sync works again (ticket #4521).'

test('support access, from request to revocation', async ({ browser }) => {
  const cast: Actor[] = []
  let failed: string | undefined
  try {
    const [sam, ada] = await enter(browser, [
      { email: 'admin@example.com', who: 'Sam · server admin', left: 0 },
      { email: 'ada@acme.test', who: 'Ada · Acme workspace admin', left: VIEWPORT.width + 24 },
    ]) as [Actor, Actor]
    cast.push(sam, ada)
    const samNav = sam.page.getByRole('navigation', { name: 'Main' })

    // 1. Ada keeps Acme's Support page open; Sam asks for four hours, with a reason.
    await openLive(ada.page, '/settings/workspaces/acme/support')
    await caption(ada, 'Ada watches Acme’s Support page: nothing is pending.')
    let step = await caption(sam, 'A customer reports a bug. Sam asks Acme for support access, for 4 hours, saying why.')
    await open(sam.page, '/settings/server/workspaces/acme')
    await sam.page.getByRole('button', { name: 'Request Support Access' }).click()
    const request = sam.page.getByRole('dialog', { name: 'Request Support Access' })
    await request.getByLabel('Expiration').fill(localInput(new Date(Date.now() + 4 * 3600_000)))
    await request.getByLabel('Reason').fill(REASON)
    await shoot(sam, step, 'sam-requests-access')
    await request.getByRole('button', { name: 'Request Access' }).click()
    await expect(request).toBeHidden()
    await expect(sam.page.getByRole('row', { name: new RegExp(REASON) })).toContainText('Pending')

    // 2. The request reaches Ada's open page live, and her inbox.
    step = await caption(ada, 'The request appears on Ada’s page at once, with Sam’s reason.')
    const pending = ada.page.getByRole('region', { name: 'Pending' }).getByRole('row', { name: new RegExp(REASON) })
    await expect(pending).toBeVisible()
    await shoot(ada, step, 'ada-sees-the-request')

    step = await caption(sam, 'Ada is emailed too: Server Settings → Emails shows the message the server sent her.')
    await open(sam.page, '/settings/server/emails')
    await sam.page.getByRole('button', { name: /Support access requested for Acme.*to ada@acme\.test/ }).click()
    await expect(sam.page.getByTestId('mail-text')).toContainText(`Reason: ${REASON}`)
    await shoot(sam, step, 'request-email')

    // 3. Ada approves for one hour instead of four, with a word for Sam; his navbar turns red as she does.
    await openLive(sam.page, '/workspaces/acme')
    await expect(samNav).not.toHaveAttribute('data-support-mode', 'true')
    step = await caption(ada, 'Ada approves, but for 1 hour instead of 4, and says why.')
    await pending.getByRole('button', { name: 'Actions' }).click()
    await ada.page.getByRole('menuitem', { name: 'Approve with changes…' }).click()
    const approve = ada.page.getByRole('dialog', { name: 'Approve support access' })
    await approve.getByLabel('Access ends').fill(localInput(new Date(Date.now() + 3600_000)))
    await approve.getByLabel(/Comment for Sam/).fill('One hour should do; please stay in Tower.')
    await shoot(ada, step, 'ada-approves-shorter')
    await approve.getByRole('button', { name: 'Approve' }).click()
    await expect(approve).toBeHidden()
    const active = ada.page.getByRole('region', { name: 'Active' }).getByRole('row', { name: new RegExp(REASON) })
    await expect(active).toContainText('Active')

    step = await caption(sam, 'Sam’s navbar turns red: Support mode, approved by Ada, for the hour she chose.')
    await expect(samNav).toHaveAttribute('data-support-mode', 'true')
    await expect(samNav.getByText('Support mode', { exact: true })).toBeVisible()
    await samNav.getByRole('button', { name: 'Support session details' }).click()
    const details = sam.page.getByTestId('support-session-panel')
    await expect(details).toContainText('Ada')
    await expect(samNav.getByTestId('support-time-left')).toHaveText(/^(1 h 0 min|\d{1,2} min) left$/) // the hour Ada chose, not the 4 Sam asked for
    await shoot(sam, step, 'sam-red-navbar')
    await sam.page.keyboard.press('Escape')

    // 4. Ben, a member, is told while it lasts.
    const [ben] = await enter(browser, [{ email: 'ben@acme.test', who: 'Ben · Acme member', left: VIEWPORT.width + 24 }]) as [Actor]
    cast.push(ben)
    step = await caption(ben, 'Ben, a member of Acme, sees a banner: who has support access, and until when.')
    await open(ben.page, '/workspaces/acme')
    await expect(ben.page.getByTestId('support-banner')).toContainText('Sam Admin')
    await shoot(ben, step, 'ben-sees-the-banner')
    await leave(ben)
    cast.splice(cast.indexOf(ben), 1)

    // 5. Sam changes something under support: a comment on Tower.
    step = await caption(sam, 'Sam fixes the sync and leaves a comment on Tower: a change made under support.')
    await sam.page.getByRole('link', { name: /Tower/ }).first().click()
    await expect(samNav).toHaveAttribute('data-support-mode', 'true')
    await sam.page.getByLabel('Add a comment').fill(COMMENT_BY_SAM)
    await sam.page.getByRole('button', { name: 'Comment' }).click()
    await expect(sam.page.getByText(COMMENT_BY_SAM)).toBeVisible()
    await shoot(sam, step, 'sam-comments')

    // 6. Ada reads what the session changed, in words.
    step = await caption(ada, 'Ada opens the session’s Changes: every change Sam made, in words.')
    await openLive(ada.page, '/settings/workspaces/acme/support')
    await active.getByRole('button', { name: /^1 change by Sam Admin/ }).click()
    const changes = ada.page.getByRole('dialog', { name: 'Changes' })
    await expect(changes.getByRole('listitem')).toHaveText([/Sam Admin commented on Tower/])
    await shoot(ada, step, 'ada-reads-the-changes')
    await ada.page.keyboard.press('Escape')
    await expect(changes).toBeHidden()

    // 7. Ada revokes; Sam's navbar returns to normal where he is, and everyone is emailed what changed.
    step = await caption(ada, 'Done: Ada revokes the access.')
    await active.getByRole('button', { name: 'Actions' }).click()
    await ada.page.getByRole('menuitem', { name: 'Revoke' }).click()
    await ada.page.getByRole('dialog', { name: 'Revoke support access' }).getByRole('button', { name: 'Revoke' }).click()
    await expect(ada.page.getByRole('region', { name: 'Past' }).getByRole('row', { name: new RegExp(REASON) })).toContainText('Revoked')
    await shoot(ada, step, 'ada-revokes')

    step = await caption(sam, 'Sam’s navbar is back to normal, and he is told his session ended.')
    await expect(samNav).not.toHaveAttribute('data-support-mode', 'true')
    await expect(sam.page.getByTestId('support-ended')).toBeVisible()
    await shoot(sam, step, 'sam-session-ended')

    step = await caption(sam, 'The “Support session ended” email lists what the session changed, for Ada and for Sam.')
    await open(sam.page, '/settings/server/emails')
    await sam.page.getByRole('button', { name: /Support session ended: Acme.*to ada@acme\.test/ }).click()
    const ended = sam.page.getByTestId('mail-text')
    await expect(ended).toContainText('Ada revoked the support session of Sam Admin')
    await expect(ended).toContainText('commented on Tower')
    await shoot(sam, step, 'ended-email')
  }
  catch (error) {
    failed = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw error
  }
  finally {
    writeStoryboard('Support access, from request to revocation', failed)
    for (const actor of cast) await leave(actor)
  }
})
