import { createHmac } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { startReceiver } from '../server/helpers/receiver'
import { as, open, snap } from './helpers'

/** Issue 12: a workspace Admin connects a receiver from the browser and sees what was delivered. */

test('Ada adds a signed webhook, sends a test event, reads the delivery log and deletes it', async ({ browser }, testInfo) => {
  const receiver = await startReceiver()
  try {
    const ada = await as(browser, 'ada@acme.test')
    await open(ada, '/settings/workspaces/acme/integrations')
    await expect(ada.getByRole('heading', { name: 'Integrations' })).toBeVisible()
    await ada.getByRole('button', { name: 'Add webhook' }).click()
    const dialog = ada.getByRole('dialog', { name: 'Add webhook' })
    await dialog.getByLabel('Endpoint URL').fill(receiver.url)
    await dialog.getByLabel('Member role or seat changed').check()
    await snap(ada, testInfo, 'webhook-add')
    await dialog.getByRole('button', { name: 'Add webhook' }).click()

    const secretDialog = ada.getByRole('dialog', { name: 'Signing secret' })
    const secret = await secretDialog.getByLabel('Signing secret').inputValue()
    expect(secret).toMatch(/^whsec_/)
    await secretDialog.getByRole('button', { name: 'Done' }).click()

    const row = ada.getByRole('row', { name: new RegExp(receiver.url.replace(/[.:/]/g, '\\$&')) })
    await row.getByRole('button', { name: 'Actions' }).click()
    await ada.getByRole('menuitem', { name: 'Send test event' }).click()
    // The page waits for the outcome and says it (issue 21), instead of "queued".
    await expect(ada.getByRole('status').filter({ hasText: 'Test event' })).toContainText(/Test event delivered to .*: it answered 200 in \d+ ms/)
    await expect.poll(() => receiver.received.length).toBe(1)
    const [hit] = receiver.received
    const signature = hit!.headers['x-support-access-signature'] as string
    const { t, v1 } = Object.fromEntries(signature.split(',').map(p => p.split('='))) as { t: string, v1: string }
    expect(createHmac('sha256', secret).update(`${t}.${hit!.body}`).digest('hex')).toBe(v1)

    await row.getByRole('button', { name: /open the delivery log/ }).click()
    const log = ada.getByRole('dialog', { name: 'Delivery log' })
    await expect(log.getByRole('row', { name: /webhook\.test/ })).toContainText('Delivered')
    await expect(log.getByRole('row', { name: /webhook\.test/ })).toContainText('200')
    // An entry opens to what was sent and what came back, and is sent again on request.
    await log.getByRole('button', { name: 'Details of the webhook.test delivery' }).click()
    await expect(log.getByTestId('delivery-body')).toContainText('"type": "webhook.test"')
    await expect(log.getByTestId('delivery-response')).toHaveText('ok')
    await snap(ada, testInfo, 'webhook-deliveries')
    await log.getByRole('button', { name: 'Send again' }).click()
    await expect(log.getByRole('status')).toContainText('is being sent again')
    await expect.poll(() => receiver.received.length).toBe(2)
    expect(receiver.received[1]!.headers['x-support-access-delivery']).toBe(receiver.received[0]!.headers['x-support-access-delivery'])
    await log.getByRole('button', { name: 'Close' }).click()
    await snap(ada, testInfo, 'webhook-list')

    await row.getByRole('button', { name: 'Actions' }).click()
    await ada.getByRole('menuitem', { name: 'Delete' }).click()
    await ada.getByRole('dialog', { name: 'Delete webhook' }).getByRole('button', { name: 'Delete webhook' }).click()
    // Gone from the list (other tests may leave webhooks of their own in Acme).
    await expect(row).toHaveCount(0)
  }
  finally {
    await receiver.close()
  }
})

test('members cannot open Integrations; server admins read it and may not change it without a session', async ({ browser }) => {
  const ben = await as(browser, 'ben@acme.test')
  // The error page with 403 (issue 35), not the settings page with a line inside.
  expect((await ben.goto('/settings/workspaces/acme/integrations'))?.status()).toBe(403)
  await expect(ben.getByTestId('error-page')).toContainText('Only workspace admins')
  await expect(ben.getByRole('button', { name: 'Add webhook' })).toHaveCount(0)

  const sam = await as(browser, 'admin@example.com')
  await open(sam, '/settings/workspaces/acme/integrations')
  await expect(sam.getByRole('button', { name: 'Add webhook' })).toBeDisabled()
  await expect(sam.getByText('Server admins need an approved support session to change this workspace.')).toBeVisible()

  await open(sam, '/settings/server/webhooks')
  await expect(sam.getByRole('heading', { name: 'Webhooks' })).toBeVisible()
  await expect(sam.getByRole('button', { name: 'Add webhook' })).toBeEnabled()
})
