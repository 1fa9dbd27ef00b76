import { expect, test } from '@playwright/test'
import { open, signIn } from './helpers'

/** SPEC 3.6 "No secrets on screen": another server admin reads the outbox and finds no usable link. */
test('Server Settings → Emails shows a verification mail with its token redacted', async ({ browser }) => {
  const olive = await (await browser.newContext()).newPage()
  await signIn(olive, 'ops@example.com')
  const address = `newhire-${Date.now()}@acme.test`
  await open(olive, '/settings/account')
  await olive.getByLabel('Add an email').fill(address)
  await olive.getByRole('button', { name: 'Add email' }).click()
  await expect(olive.getByText(`We sent a verification link to ${address}.`)).toBeVisible()

  await open(olive, '/settings/server/emails')
  const mail = olive.getByRole('button', { name: new RegExp(`Verify your email.*to ${address}`) })
  await mail.click()
  const body = olive.getByTestId('mail-text').filter({ hasText: 'Verify this email' })
  await expect(body).toContainText('token=[redacted]')
  await expect(body).not.toContainText(/token=(?!\[redacted\])/)
  // Its address is a link, and the list is searched by recipient (issue 21).
  await expect(body.getByRole('link', { name: /verify-email\?token=\[redacted\]/ })).toBeVisible()
  await olive.getByLabel('Search emails').fill(address)
  await expect(olive).toHaveURL(/\?q=/)
  await expect(olive.getByRole('button', { name: /Verify your email/ })).toHaveCount(1)
  await olive.getByLabel('Search emails').fill(`nobody-${Date.now()}`)
  await expect(olive.getByText(/No email matches/)).toBeVisible()
})
