import { checkText } from '../../generators/utils/option-rules';
import { buildContext as buildApiContext, type ApiServiceContext } from '../api-service/context';
import type { TemplateValues } from './template';

/** The generator's options: one per placeholder of Template 1, plus the resources of the domain. */
export interface WebAppOptions {
  name: string;
  /** [Project Name]: the plan's title, the app's heading. */
  projectName?: string;
  /** [Brief 1-2 sentence description of the web application]. */
  overview?: string;
  /** Comma-separated kebab-case plurals, e.g. boards,cards (default: from the name). */
  resources?: string | string[];
  /** [Backend Framework]: scaffolded with Fastify (TypeScript). */
  backendFramework?: string;
  /** [Frontend Framework]: scaffolded with React (Vite + TypeScript). */
  frontendFramework?: string;
  contractHours?: string;
  environmentHours?: string;
  scaffoldingHours?: string;
  directory?: string;
}

export interface WebAppContext {
  name: string;
  title: string;
  overview: string;
  resources: string[];
  planDir: string;
  /** The backend half: the api-service kind's context (contract, service, infra) for the same domain. */
  api: ApiServiceContext;
  template: TemplateValues;
}

const HOURS = /^\d{1,3}(-\d{1,3})?$/;
const FRONTEND = /^react( \((vite \+ )?typescript\)| \+ vite( \+ typescript)?)?$/i;

export function buildContext(options: WebAppOptions): WebAppContext {
  const titleOf = (name: string) =>
    name
      .split('-')
      .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
      .join(' ');
  const title = checkText('--projectName', options.projectName ?? titleOf(String(options.name ?? '')), {
    multiline: false,
    required: true,
  });
  const overview = checkText('--overview', options.overview ?? `${title}: a web application built contract-first.`, { multiline: true });
  // Name, resources, backend framework and directory follow the api-service rules (one rule, one place).
  const api = buildApiContext({
    name: options.name,
    serviceName: title,
    description: overview,
    resources: options.resources,
    backendFramework: options.backendFramework,
    directory: options.directory,
  });
  const frontend = (options.frontendFramework ?? 'React (Vite + TypeScript)').trim();
  if (!FRONTEND.test(frontend))
    throw new Error(`Invalid --frontendFramework "${frontend}": the frontend is scaffolded with React (Vite + TypeScript); use React.`);
  const hours = (option: string, value: string | undefined, fallback: string) => {
    const v = (value ?? fallback).trim();
    if (!HOURS.test(v)) throw new Error(`Invalid --${option} "${v}": use hours as a number or a range, e.g. 4 or 4-8.`);
    return v;
  };
  return {
    name: api.name,
    title,
    overview,
    resources: api.resources,
    planDir: api.planDir,
    api,
    template: {
      contractHours: hours('contractHours', options.contractHours, '4-8'),
      environmentHours: hours('environmentHours', options.environmentHours, '4-6'),
      scaffoldingHours: hours('scaffoldingHours', options.scaffoldingHours, '3-5'),
      backendFramework: 'Fastify (TypeScript)',
      frontendFramework: 'React (Vite + TypeScript)',
    },
  };
}
