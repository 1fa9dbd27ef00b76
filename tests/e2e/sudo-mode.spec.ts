import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { as, open, PASSWORD, signIn, snap } from './helpers'

/**
 * SPEC 3.11 sudo mode in the browser: a sign-in older than NUXT_REAUTH_WINDOW_MS is asked for the
 * password in place when it creates an API token, and the token is created once it is confirmed.
 * The sign-in is aged by moving its confirmation time back in the suite's database.
 */
function ageSignIns(email: string) {
  const db = new Database(join(process.env.E2E_DATA_DIR!, 'app.sqlite'))
  try {
    db.prepare('update auth_sessions set reauthenticated_at = ? where user_id = (select user_id from user_emails where email = ?)').run(Date.now() - 3_600_000, email)
  }
  finally {
    db.close()
  }
}

test('an old sign-in confirms the password in place, and the token is created', async ({ browser }, testInfo) => {
  const cy = await as(browser, 'cy@acme.test')
  ageSignIns('cy@acme.test')
  await open(cy, '/settings/tokens')
  await cy.getByLabel('Token name').fill('Old sign-in')
  await cy.getByRole('button', { name: 'Create token' }).click()
  const dialog = cy.getByRole('dialog', { name: 'Confirm it’s you' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Password')).toBeFocused()
  await snap(cy, testInfo, 'reauth-dialog-1280')
  await cy.setViewportSize({ width: 390, height: 844 })
  await snap(cy, testInfo, 'reauth-dialog-390')
  await cy.setViewportSize({ width: 1280, height: 720 })

  await dialog.getByLabel('Password').fill('not-the-password')
  await dialog.getByRole('button', { name: 'Confirm' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('The password is incorrect.')
  await dialog.getByLabel('Password').fill(PASSWORD)
  await dialog.getByRole('button', { name: 'Confirm' }).click()
  await expect(dialog).toBeHidden()
  await expect(cy.getByTestId('new-token')).toContainText('sat_')
  await expect(cy.getByRole('cell', { name: 'Old sign-in' })).toBeVisible()

  // Cancelled, the change is refused with the server's reason and nothing is created.
  ageSignIns('cy@acme.test')
  await cy.getByLabel('Token name').fill('Never made')
  await cy.getByRole('button', { name: 'Create token' }).click()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(cy.getByRole('alert')).toContainText('Confirm your password')
  await expect(cy.getByRole('cell', { name: 'Never made' })).toHaveCount(0)
})

test('a passkey confirms it too: removing a passkey from an old sign-in', async ({ browser, baseURL }) => {
  // WebAuthn binds a passkey to a domain name, never an IP address: this test opens the app as localhost.
  const context = await browser.newContext({ baseURL: baseURL!.replace('127.0.0.1', 'localhost') })
  const ben = await context.newPage()
  const cdp = await context.newCDPSession(ben)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  })
  await signIn(ben, 'ben@acme.test')
  await open(ben, '/settings/account')
  const section = ben.getByRole('region', { name: 'Passkeys' })
  await section.getByLabel('Name it').fill('Desk key')
  await section.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(section.getByRole('status')).toHaveText('Passkey “Desk key” added.')

  ageSignIns('ben@acme.test')
  await section.getByRole('button', { name: 'Remove passkey Desk key' }).click()
  await ben.getByRole('dialog', { name: 'Remove passkey' }).getByRole('button', { name: 'Remove passkey' }).click()
  const dialog = ben.getByRole('dialog', { name: 'Confirm it’s you' })
  await dialog.getByRole('button', { name: 'Use a passkey' }).click()
  await expect(dialog).toBeHidden()
  await expect(section.getByText('No passkeys yet.')).toBeVisible()
  await context.close()
})

test('deleting the account asks first, and a workspace’s last Admin is told why not', async ({ browser }) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/account')
  await ada.getByRole('region', { name: 'Delete account' }).getByRole('button', { name: 'Delete account…' }).click()
  const dialog = ada.getByRole('dialog', { name: 'Delete your account?' })
  await dialog.getByRole('button', { name: 'Delete my account' }).click()
  await expect(dialog.getByRole('alert')).toContainText('last Admin of Acme')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(ada.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible()
})
