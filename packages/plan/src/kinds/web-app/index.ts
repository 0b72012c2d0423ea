import { z } from 'zod';
import type { KindModule } from '../kind-module';
import { listOption, optionsCheckedBy, templateKind, textOption as text } from '../kind-options';
import { buildContext, type WebAppContext, type WebAppOptions } from './context';
import { webAppFiles, webAppPackages } from './files';
import { MOCK_SUITE, webAppOverlay } from './overlay';
import * as template from './template';

/**
 * web-app: Template 1 of seed 001. One contract, two halves built against it: the backend and
 * its infrastructure (the api-service kind's skills) and a React app with a typed client, proven
 * in Chromium against the mock and against the real backend (playwright-e2e skill).
 */
const optionsSchema = optionsCheckedBy(
  {
    name: z.string(),
    projectName: text,
    overview: text,
    resources: listOption,
    backendFramework: text,
    frontendFramework: text,
    contractHours: text,
    environmentHours: text,
    scaffoldingHours: text,
    directory: text,
  },
  buildContext,
);

export const webAppKind: KindModule<WebAppOptions, WebAppContext> = {
  ...templateKind({
    kind: 'web-app',
    template,
    optionsSchema,
    buildContext,
    optionsFromPlan: (plan, values) => ({
      name: plan.name,
      projectName: plan.title,
      overview: plan.overview || undefined,
      resources: values.resources?.split(','),
    }),
    overlay: webAppOverlay,
    variables: (ctx) => ({
      project_name: ctx.title,
      resources: ctx.resources.join(','),
      backend_framework: ctx.template.backendFramework,
      frontend_framework: ctx.template.frontendFramework,
    }),
    overview: (ctx) => ctx.overview,
  }),
  files: (ctx) => webAppFiles(ctx),
  packageDependencies: () => webAppPackages(),
  projectTargets: (ctx) => ({
    // Baselines are recorded on purpose, looked at and committed; verify never records them.
    'record-screenshots': {
      executor: 'nx:run-commands',
      options: {
        cwd: ctx.planDir,
        command: `npx plan playwright e2e --config ${MOCK_SUITE} --grep @visual --ports WEB_PORT,MOCK_PORT --update-snapshots`,
      },
    },
  }),
  nextSteps: (ctx) => [
    `Record the screenshot baselines once (then commit them): nx run ${ctx.name}:record-screenshots`,
    `Next: nx run-many -t verify -p ${ctx.name}   (then npx plan status ${ctx.name})`,
    `Run the app against the mock: sh ${ctx.planDir}/mock/start.sh & WEB_PORT=5173 API_TARGET=http://127.0.0.1:4610 npx vite --config ${ctx.planDir}/web/vite.config.ts`,
  ],
};
