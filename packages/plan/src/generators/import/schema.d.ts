import type { PlanKind } from '../../model/plan-schema';

export interface ImportGeneratorSchema {
  file: string;
  name?: string;
  directory?: string;
  kind?: PlanKind;
  var?: string[];
  python?: string;
  scaffold?: boolean;
  force?: boolean;
}
