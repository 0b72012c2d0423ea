import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import type { OpenApiDocument } from '../openapi-contract';
import { apiModel, type FormField } from '../react-web/api-model';

/**
 * Playwright suites of the web app, run in an installed Chromium: one journey per resource flow,
 * smoke, auth, validation, responsive, accessibility (axe-core) and visual (screenshot) tests,
 * tagged so a plan item can run exactly its own (@journey, @smoke, ...). Two configs share them:
 * against the mock server (Prism) and against the real backend. Returns plan-relative paths.
 */
export interface PlaywrightE2eOptions {
  contract: OpenApiDocument;
  /** Folder of the suites inside the plan (default e2e). */
  dir?: string;
}

export const PLAYWRIGHT_E2E_DEPENDENCIES = {
  devDependencies: {
    '@axe-core/playwright': '~4.11.1',
    '@playwright/test': '~1.65.1',
    '@stoplight/prism-cli': '~5.14.2',
    '@types/node': '~20.19.0',
    tsx: '~4.23.15',
  },
} as const;

/** Tags of the suites: a plan item's playwright check greps one. */
export const E2E_TAGS = ['@journey', '@smoke', '@auth', '@validation', '@responsive', '@a11y', '@visual'] as const;

const lit = (value: unknown) => JSON.stringify(value);

function sample(field: FormField, example: unknown): string {
  if (example !== undefined && example !== null) return String(example);
  if (field.enum) return field.enum[0];
  if (field.type === 'integer') return String(field.minimum ?? 1);
  if (field.type === 'boolean') return 'true';
  return `Sample ${field.label.toLowerCase()}`;
}

export function renderPlaywrightE2e(options: PlaywrightE2eOptions): Map<string, string> {
  const dir = options.dir ?? 'e2e';
  const model = apiModel(options.contract);
  if (model.resources.length === 0)
    throw new Error('The contract has no resource (a collection path with list and create): nothing to test in a browser.');
  const paths = options.contract.paths as Record<string, unknown>;
  const collection = (name: string) => Object.keys(paths).find((p) => !p.includes('{') && p.split('/').pop() === name) as string;
  const out = new Map<string, string>();
  const readyPath = collection(model.resources[0].name);
  for (const [file, content] of renderTemplateDir(templatesDir('skills', 'playwright-e2e', 'e2e'), { readyPath }, {}))
    out.set(`${dir}/${file}`, content);

  const fixtures = model.resources.map((r) => {
    const createOp = model.operations.find((o) => o.operationId === r.ops.create);
    const schema = createOp?.bodyType ? (model.schemas[createOp.bodyType] as { examples?: Record<string, unknown>[] }) : undefined;
    const example = schema?.examples?.[0] ?? {};
    const titleField =
      r.fields.find((f) => f.name === 'name' || f.name === 'title')?.name ?? r.fields.find((f) => f.type === 'string' && !f.enum)?.name;
    return {
      name: r.name,
      path: collection(r.name),
      label: r.label,
      singular: r.singular,
      titleField,
      fields: r.fields.map((f) => ({
        name: f.name,
        label: f.label,
        required: f.required,
        ...(f.enum ? { enum: f.enum } : {}),
        sample: sample(f, example[f.name]),
      })),
    };
  });
  out.set(
    `${dir}/resources.ts`,
    `// Generated from the contract by plan (playwright-e2e skill): what the journeys fill in and expect.
export interface FieldFixture {
  name: string;
  label: string;
  required: boolean;
  enum?: string[];
  sample: string;
}

export interface ResourceFixture {
  name: string;
  path: string;
  label: string;
  singular: string;
  titleField?: string;
  fields: FieldFixture[];
}

export const RESOURCES: ResourceFixture[] = ${JSON.stringify(fixtures, null, 2)};

export const RESOURCES_BY_NAME: Record<string, ResourceFixture> = Object.fromEntries(RESOURCES.map((r) => [r.name, r]));
`,
  );
  for (const r of model.resources) {
    out.set(
      `${dir}/journeys/${r.name}.spec.ts`,
      `import { journey } from '../journey';
import { RESOURCES_BY_NAME } from '../resources';

journey(RESOURCES_BY_NAME[${lit(r.name)}]);
`,
    );
  }
  return out;
}
