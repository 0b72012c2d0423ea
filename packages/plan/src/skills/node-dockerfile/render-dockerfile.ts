import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { checkStack, imageOf, Stack, StackService } from '../infra-stack/stack';

export interface NodeImageOptions {
  /** Folder of the service (its package.json and sources), relative to the build context. */
  serviceDir: string;
  /** The start command inside serviceDir, as argv, e.g. ['node_modules/.bin/tsx', 'src/server.ts']. */
  command: string[];
  /** Other folders of the build context the service reads at run time (e.g. `contracts`). */
  copy?: string[];
  /** Install devDependencies too (a service started with tsx needs it). */
  devDependencies?: boolean;
  /** Extra environment of the image (non-secret), e.g. { CONTRACT_PATH: '/app/contracts/openapi.yaml' }. */
  env?: Record<string, string>;
  nodeVersion?: string;
}

const RELATIVE = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const WORD = /^[A-Za-z0-9._/=:-]+$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * A multi-stage Dockerfile for a Node service (dependencies installed in their own stage, a slim
 * runtime running as the image's non-root `node` user, HEALTHCHECK on the service's health path)
 * at the service's `dockerfile` path, and a .dockerignore at its build context. scan-dockerfile
 * checks it.
 */
export function renderNodeDockerfile(stack: Stack, service: StackService, options: NodeImageOptions): Map<string, string> {
  checkStack(stack);
  const bad = (what: string, value: unknown) => {
    throw new Error(`Invalid Dockerfile option ${what}: ${JSON.stringify(value)}.`);
  };
  for (const dir of [options.serviceDir, ...(options.copy ?? [])])
    if (!RELATIVE.test(dir) || dir.split('/').includes('..')) bad('folder', dir);
  if (options.command.length === 0 || !options.command.every((w) => WORD.test(w))) bad('command', options.command);
  const env = Object.entries(options.env ?? {});
  for (const [name, value] of env) if (!ENV_NAME.test(name) || !WORD.test(value)) bad('env', { [name]: value });
  const nodeVersion = options.nodeVersion ?? '20';
  if (!/^\d{2}(\.\d+){0,2}$/.test(nodeVersion)) bad('nodeVersion', nodeVersion);
  const at = (file: string) => (service.context === '.' ? file : `${service.context}/${file}`);
  const rendered = renderTemplateDir(
    templatesDir('skills', 'node-dockerfile'),
    {
      serviceDir: options.serviceDir,
      copy: options.copy ?? [],
      devDependencies: options.devDependencies ?? false,
      env,
      nodeVersion,
      command: JSON.stringify(options.command),
      service: service.name,
      port: service.port,
      healthPath: service.healthPath,
      image: imageOf(stack, service),
      dockerfilePath: at(service.dockerfile),
      context: service.context,
    },
    {},
  );
  return new Map([
    [at(service.dockerfile), rendered.get('Dockerfile')!],
    [at('.dockerignore'), rendered.get('.dockerignore')!],
  ]);
}
