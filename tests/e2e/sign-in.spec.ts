import { expect, test } from '@playwright/test'
import { blockOutsideRequests, open, signIn, signOut } from './helpers'

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
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.')
})

test('a member sees their workspace and personal project', async ({ page }) => {
  await signIn(page, 'ben@acme.test')
  await expect(page.getByRole('link', { name: /Acme/ })).toBeVisible()
  await expect(page.getByRole('link', { name: /Sandbox/ })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Server Settings' })).toHaveCount(0)
})
