import { createHmac, generateKeyPairSync } from 'node:crypto'
import { expect, request as newRequest, test } from '@playwright/test'
import { cosignerVkey, cosignNote } from '../../shared/transparency'
import { startReceiver } from '../server/helpers/receiver'
import { axeViolations } from './axe'
import { apiAs, as, open, snap } from './helpers'

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

test('Integrations says how to run an audit witness, then lists each witness with its last cosigning (SPEC 3.14)', async ({ browser, baseURL }, testInfo) => {
  const api = await apiAs(await newRequest.newContext({ baseURL }), 'ada@acme.test')
  try {
    const ada = await as(browser, 'ada@acme.test')
    const before = (await (await api.get('/api/workspaces/acme/audit/witnesses')).json()).items as unknown[]
    await open(ada, '/settings/workspaces/acme/integrations')
    const section = ada.getByRole('region', { name: 'Audit log witnesses' })
    if (before.length === 0) {
      await expect(section.getByRole('region', { name: 'Cron line for the witness' })).toContainText('npm run --silent audit:witness -- --url')
      await snap(ada, testInfo, 'witnesses-empty')
      expect(await axeViolations(ada, 'Integrations, no witness yet')).toEqual([])
    }
    // A witness cosigns the latest checkpoint, as `npm run audit:witness` does.
    const name = `e2e-witness-${Date.now()}`
    const key = generateKeyPairSync('ed25519').privateKey
    const note = await (await api.get('/api/workspaces/acme/audit/checkpoint')).text()
    const res = await api.post('/api/workspaces/acme/audit/cosignatures', { data: { vkey: cosignerVkey(name, key), note: cosignNote(note, name, key) } })
    expect(res.ok(), await res.text()).toBe(true)
    const { cosignature } = await res.json()
    await open(ada, '/settings/workspaces/acme/integrations')
    const row = section.getByRole('table').getByRole('row', { name: new RegExp(name) })
    await expect(row).toContainText(cosignature.keyId)
    await expect(row).toContainText(String(cosignature.treeSize))
    await expect(row).toContainText('Ada')
    await snap(ada, testInfo, 'witnesses')
    expect(await axeViolations(ada, 'Integrations with a witness')).toEqual([])
  }
  finally {
    await api.dispose()
  }
})
