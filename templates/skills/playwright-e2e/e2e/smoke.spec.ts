import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';
import { RESOURCES } from './resources';

/** The frontend talks to the API it is pointed at: every list loads without an error. */
for (const resource of RESOURCES) {
  test(`${resource.label} load from the API @smoke`, async ({ page }) => {
    await signIn(page, `/${resource.name}`);
    await expect(page.getByRole('heading', { level: 1, name: resource.label })).toBeVisible();
    await expect(page.getByRole('table').or(page.getByText(`No ${resource.label.toLowerCase()} yet.`))).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}
