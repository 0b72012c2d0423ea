import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';
import { RESOURCES } from './resources';

/** Forms refuse what the contract refuses, at the field; API failures are shown, not swallowed. */
for (const resource of RESOURCES) {
  test(`${resource.label}: required fields are named at the field @validation`, async ({ page }) => {
    await signIn(page, `/${resource.name}/new`);
    const required = resource.fields.filter((f) => f.required && !f.enum);
    for (const field of required) await page.getByLabel(field.label, { exact: false }).fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    for (const field of required) {
      await expect(page.getByText(`${field.label} is required.`)).toBeVisible();
      await expect(page.getByLabel(field.label, { exact: false })).toHaveAttribute('aria-invalid', 'true');
    }
  });
}

test('an API failure is shown to the user @validation', async ({ page }) => {
  const resource = RESOURCES[0];
  // A test double at the network boundary: this one answer is a problem document from "the API".
  await page.route(
    (url) => url.pathname === `/api${resource.path}`,
    (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'Try again later' }),
      }),
  );
  await signIn(page, `/${resource.name}`);
  await expect(page.getByRole('alert')).toHaveText('Service Unavailable: Try again later (503)');
});
