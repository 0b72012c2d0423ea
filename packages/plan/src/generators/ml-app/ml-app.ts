import { mlAppKind, MlAppKindContext } from '../../kinds/ml-app';
import { kindGenerator, normalizeKindOptions } from '../utils/kind-generator';
import { kindPlanFolder, planFolderFiles } from '../utils/plan-folder';
import { MlAppGeneratorSchema } from './schema';

/** `nx g plan:ml-app <name>`: seed 000 as plan.yaml + PLAN.md, with every task's files (kinds/ml-app). */
export const mlAppGenerator = kindGenerator(mlAppKind);

export default mlAppGenerator;

/** The checked options and the plan folder, as the generator computes them. */
export function normalizeOptions(options: MlAppGeneratorSchema): MlAppGeneratorSchema & { directory: string } {
  const { options: checked, directory } = normalizeKindOptions(mlAppKind, { ...options });
  return { ...options, ...checked, directory };
}

/** Every file of the plan folder, as plan-relative path → content. Pure: same input, same bytes. */
export function mlAppFiles(ctx: MlAppKindContext, options: { python?: string } = {}): Map<string, string> {
  return planFolderFiles(kindPlanFolder(mlAppKind, options.python ? { ...ctx, python: options.python } : ctx));
}
