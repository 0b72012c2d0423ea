import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { checkStack, imageOf, Stack, StackService } from '../infra-stack/stack';

export interface NodeImageOptions {
  /** Folder of the service (its package.json, package-lock.json and sources), relative to the build context. */
  serviceDir: string;
  /** Compiled output folder inside serviceDir (`npm run build` writes it), e.g. `dist`. */
  outDir: string;
  /** Entry file inside the image, e.g. `dist/main.js`. */
  entry: string;
  nodeVersion?: string;
}

const RELATIVE = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * A multi-stage Dockerfile for a Node service (deps from the lockfile → TypeScript build → slim
 * runtime as the image's non-root `node` user, HEALTHCHECK on the service's health path), at the
 * service's `dockerfile` path. scan-dockerfile checks it.
 */
export function renderNodeDockerfile(stack: Stack, service: StackService, options: NodeImageOptions): Map<string, string> {
  checkStack(stack);
  for (const key of ['serviceDir', 'outDir', 'entry'] as const)
    if (!RELATIVE.test(options[key]) || options[key].split('/').includes('..')) throw new Error(`Invalid ${key} "${options[key]}".`);
  const nodeVersion = options.nodeVersion ?? '20';
  if (!/^\d{2}(\.\d+){0,2}$/.test(nodeVersion)) throw new Error(`Invalid nodeVersion "${nodeVersion}".`);
  const rendered = renderTemplateDir(
    templatesDir('skills', 'node-dockerfile'),
    {
      ...options,
      nodeVersion,
      service: service.name,
      port: service.port,
      healthPath: service.healthPath,
      image: imageOf(stack, service),
      dockerfile: service.dockerfile,
      context: service.context,
    },
    {},
  );
  return new Map([
    [service.context === '.' ? service.dockerfile : `${service.context}/${service.dockerfile}`, rendered.get('Dockerfile')!],
  ]);
}
