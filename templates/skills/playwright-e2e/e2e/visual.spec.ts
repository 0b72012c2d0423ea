import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';
import { RESOURCES } from './resources';

/**
 * Pages look as their committed baselines (e2e/visual.spec.ts-snapshots/). Run against the mock,
 * whose answers are the contract's examples, so the data on screen is the same every run.
 */
test('home @visual', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveScreenshot('home.png', { fullPage: true });
});

for (const resource of RESOURCES) {
  test(`${resource.label} list and form @visual`, async ({ page }) => {
    await signIn(page, `/${resource.name}`);
    await expect(page.getByRole('table')).toBeVisible();
    await expect(page).toHaveScreenshot(`${resource.name}-list.png`, { fullPage: true });
    await page.getByRole('link', { name: `New ${resource.singular.toLowerCase()}` }).click();
    await expect(page).toHaveScreenshot(`${resource.name}-form.png`, { fullPage: true });
  });
}
