import { expect, test } from '@playwright/test'
import { as, open, PASSWORD, signIn, snap, withAuthenticator } from './helpers'
import { ageSignIns } from './suite-db'

/**
 * SPEC 3.11 sudo mode in the browser: a sign-in older than NUXT_REAUTH_WINDOW_MS is asked for the
 * password in place when it creates an API token, and the token is created once it is confirmed.
 * The sign-in is aged by moving its confirmation time back in the suite's database.
 */

test('an old sign-in confirms the password in place, and the token is created', async ({ browser }, testInfo) => {
  const cy = await as(browser, 'cy@acme.test')
  ageSignIns('cy@acme.test')
  await open(cy, '/settings/tokens')
  const tokenName = `Old sign-in ${Date.now()}` // --repeat-each makes one per run
  await cy.getByLabel('Token name').fill(tokenName)
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
  await expect(cy.getByRole('cell', { name: tokenName })).toBeVisible()

  // Cancelled, the change is refused with the server's reason and nothing is created.
  ageSignIns('cy@acme.test')
  await cy.getByLabel('Token name').fill('Never made')
  await cy.getByRole('button', { name: 'Create token' }).click()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(cy.getByRole('alert')).toContainText('Confirm your password')
  await expect(cy.getByRole('cell', { name: 'Never made' })).toHaveCount(0)
})

test('by keyboard, focus goes back to the button that asked once the password dialog closes', async ({ browser }) => {
  const cy = await as(browser, 'cy@acme.test')
  await open(cy, '/settings/tokens')
  const create = cy.getByRole('button', { name: 'Create token' })
  const dialog = cy.getByRole('dialog', { name: 'Confirm it’s you' })

  // Escape: refused, and focus is back on Create token.
  ageSignIns('cy@acme.test')
  await cy.getByLabel('Token name').fill('Keyboard escape')
  await cy.keyboard.press('Tab')
  await expect(create).toBeFocused()
  await cy.keyboard.press('Enter')
  await expect(dialog.getByLabel('Password')).toBeFocused()
  await cy.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(cy.getByRole('alert')).toContainText('Confirm your password')
  await expect(create).toBeFocused()

  // The password, then Enter: the token is made and focus is back on Create token.
  await cy.keyboard.press('Enter')
  await expect(dialog.getByLabel('Password')).toBeFocused()
  await cy.keyboard.type(PASSWORD)
  await cy.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(cy.getByTestId('new-token')).toContainText('sat_')
  await expect(create).toBeFocused()
})

test('a passkey confirms it too: removing a passkey from an old sign-in', async ({ browser, baseURL }) => {
  // WebAuthn binds a passkey to a domain name, never an IP address: this test opens the app as localhost.
  const context = await browser.newContext({ baseURL: baseURL!.replace('127.0.0.1', 'localhost') })
  const ben = await context.newPage()
  await withAuthenticator(ben)
  await signIn(ben, 'ben@acme.test')
  await open(ben, '/settings/account')
  const section = ben.getByRole('region', { name: 'Passkeys' })
  await section.getByLabel('Name it').fill('Desk key')
  await section.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(section.getByRole('status')).toHaveText('Passkey “Desk key” added.')

  ageSignIns('ben@acme.test')
  await section.getByRole('button', { name: 'Remove passkey Desk key' }).click()
  const confirm = ben.getByRole('dialog', { name: 'Remove passkey' })
  await confirm.getByRole('button', { name: 'Remove passkey' }).click()
  const dialog = ben.getByRole('dialog', { name: 'Confirm it’s you' })
  // Escape on the password check: focus goes back into the dialog still open under it.
  await expect(dialog.getByLabel('Password')).toBeFocused()
  await ben.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(confirm.getByRole('button', { name: 'Remove passkey' })).toBeFocused()
  await ben.keyboard.press('Enter')
  await dialog.getByRole('button', { name: 'Use a passkey' }).click()
  await expect(dialog).toBeHidden()
  await expect(section.getByText('No passkeys yet.')).toBeVisible()
  await expect(section.getByRole('status')).toHaveText('Passkey “Desk key” removed.')
  await expect(section.getByLabel('Name it')).toBeFocused()
  await context.close()
})

test('a workspace’s last Admin is told up front that she cannot delete her account, and where to change that', async ({ browser }, testInfo) => {
  const ada = await as(browser, 'ada@acme.test')
  await open(ada, '/settings/account')
  const region = ada.getByRole('region', { name: 'Delete account' })
  await expect(region.getByTestId('last-admin-note')).toContainText('You are the last Admin of:')
  const button = region.getByRole('button', { name: 'Delete account…' })
  await expect(button).toBeDisabled()
  await expect(button).toHaveAccessibleDescription('You are the last Admin of Acme: make someone else Admin first.')
  await snap(ada, testInfo, 'delete-last-admin-1280')
  await ada.setViewportSize({ width: 390, height: 844 })
  await snap(ada, testInfo, 'delete-last-admin-390')
  await ada.setViewportSize({ width: 1280, height: 720 })
  await region.getByRole('link', { name: 'Acme' }).click()
  await expect(ada).toHaveURL(/\/settings\/workspaces\/acme\/people$/)
})
