import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './fixtures';
import { RESOURCES } from './resources';

/** Every page passes axe-core's WCAG 2.1 A/AA rules. */
test('home @a11y', async ({ page }) => {
  await signIn(page);
  await expectAccessible(page);
});

for (const resource of RESOURCES) {
  test(`${resource.label} list, form and detail @a11y`, async ({ page }) => {
    await signIn(page, `/${resource.name}`);
    await expect(page.getByRole('heading', { level: 1, name: resource.label })).toBeVisible();
    await expectAccessible(page);
    await page.goto(`/${resource.name}/new`);
    await expect(page.getByRole('button', { name: 'Save' })).toBeVisible();
    await expectAccessible(page);
    const first = page.getByRole('table').getByRole('link').first();
    if (await first.count()) {
      await page.goto(`/${resource.name}`);
      await page.getByRole('table').getByRole('link').first().click();
      await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
      await expectAccessible(page);
    }
  });
}
