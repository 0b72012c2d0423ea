import type { PlanKind } from '../model/plan-schema';
import type { KindModule } from './kind-module';
import { apiServiceKind } from './api-service';
import { dataPipelineKind } from './data-pipeline';
import { microservicesKind } from './microservices';
import { webAppKind } from './web-app';
import { mlAppKind } from './ml-app';
import { mlPlatformKind } from './ml-platform';
import { mobileAppKind } from './mobile-app';

/**
 * The only list of plan kinds (issue 10). Generators, `plan import` and kind inference look kinds
 * up here; nothing else names a kind. Adding a kind: its folder under kinds/, one line below.
 */
const KINDS: readonly KindModule[] = [
  mlAppKind,
  dataPipelineKind,
  microservicesKind,
  mobileAppKind,
  mlPlatformKind,
  apiServiceKind,
  webAppKind,
];

export function kindModules(): readonly KindModule[] {
  return KINDS;
}

/** The module of a kind; undefined for kinds without one (custom, or not written yet). */
export function kindModule(kind: PlanKind | string): KindModule | undefined {
  return KINDS.find((k) => k.kind === kind);
}
