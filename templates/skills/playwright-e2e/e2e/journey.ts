import { expect, test } from '@playwright/test';
import { isBackend, signIn, unique } from './fixtures';
import type { ResourceFixture } from './resources';

/**
 * A resource's flow through the UI: list, create by the form, read, change, delete. Against the
 * backend every step is checked by its data; against the mock (static examples) by the UI's
 * answers, since the mock does not store what it is sent.
 */
export function journey(resource: ResourceFixture): void {
  test(`${resource.label}: list, create, read, change and delete @journey`, async ({ page }) => {
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: resource.label }).click();
    await expect(page.getByRole('heading', { level: 1, name: resource.label })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    await page.getByRole('link', { name: `New ${resource.singular.toLowerCase()}` }).click();
    const title = unique(resource.singular);
    for (const field of resource.fields) {
      const value = field.name === resource.titleField ? title : field.sample;
      const input = page.getByLabel(field.label, { exact: false });
      if (field.enum) await input.selectOption(value);
      else await input.fill(value);
    }
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('status')).toHaveText(`${resource.singular} saved.`);
    if (isBackend()) await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    await page.getByRole('button', { name: 'Edit' }).click();
    const changed = `${title} (changed)`;
    await page.getByLabel(resource.fields.find((f) => f.name === resource.titleField)?.label ?? resource.fields[0].label).fill(changed);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toHaveText(`${resource.singular} saved.`);
    if (isBackend()) await expect(page.getByRole('heading', { level: 1 })).toHaveText(changed);

    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('heading', { level: 1, name: resource.label })).toBeVisible();
    if (isBackend()) await expect(page.getByRole('link', { name: changed })).toHaveCount(0);
  });
}
