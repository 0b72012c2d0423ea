import { expect, test } from '@playwright/test';
import { RESOURCES } from './resources';

/** Pages of the API need a session; signing in and out changes what the user sees. */
test('signing in opens the data, signing out closes it @auth', async ({ page }) => {
  const first = RESOURCES[0];
  await page.goto(`/${first.name}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in required' })).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: first.label })).toBeVisible();
  await expect(page.getByRole('banner').getByText('Test User')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in required' })).toBeVisible();
});
