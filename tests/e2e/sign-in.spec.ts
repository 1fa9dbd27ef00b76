import { expect, test } from '@playwright/test'
import { blockOutsideRequests, open, openLive, signIn, signOut } from './helpers'

test('a server admin signs in, sees the home page and signs out', async ({ page }, testInfo) => {
  const noOutside = await blockOutsideRequests(page)
  await open(page, '/')
  await expect(page).toHaveURL(/\/login/)
  await signIn(page, 'admin@example.com')
  await expect(page.getByRole('heading', { name: 'Welcome, Sam Admin' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Server Settings' })).toBeVisible()
  await expect(page.getByText('No personal projects yet.')).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true })
  await signOut(page)
  await open(page, '/')
  await expect(page).toHaveURL(/\/login/)
  noOutside()
})

test('a wrong password shows one vague message', async ({ page }) => {
  await open(page, '/login')
  await page.getByLabel('Email').fill('ben@acme.test')
  await page.getByLabel('Password').fill('wrong')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.')
})

test('a member sees their workspace and personal project', async ({ page }) => {
  await signIn(page, 'ben@acme.test')
  await expect(page.getByRole('link', { name: /Acme/ })).toBeVisible()
  await expect(page.getByRole('link', { name: /Sandbox/ })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Server Settings' })).toHaveCount(0)
})

test('signing out in one tab takes the other tab to sign-in at once, without naming the user (issue 21)', async ({ browser }) => {
  const context = await browser.newContext()
  const first = await context.newPage()
  await signIn(first, 'ben@acme.test')
  const second = await context.newPage()
  await openLive(second, '/workspaces/acme')
  await expect(second.getByRole('navigation', { name: 'Main' })).toContainText('Ben')
  await signOut(first)
  await expect(second).toHaveURL(/\/login\?redirect=(%2F|\/)workspaces(%2F|\/)acme$/)
  await expect(second.getByRole('button', { name: 'User menu' })).toHaveCount(0)
  await expect(second.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible()
  await context.close()
})
