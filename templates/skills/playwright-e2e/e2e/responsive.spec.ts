import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';
import { RESOURCES } from './resources';

/** On a phone: the navigation folds into a menu and nothing scrolls sideways. */
test.use({ viewport: { width: 390, height: 844 } });

test('the layout fits a phone @responsive', async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: RESOURCES[0].label }).click();
  await expect(page.getByRole('heading', { level: 1, name: RESOURCES[0].label })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
