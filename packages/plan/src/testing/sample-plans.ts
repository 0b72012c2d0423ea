import { stringify } from 'yaml';
import { PlanInput } from '../model/plan-schema';

/**
 * Plans used by tests: a five-task diamond and seed 000's shape (ids, keys, estimates and
 * dependencies exactly as the seed's execution-order graph has them).
 */
export function diamondPlan(name = 'diamond'): PlanInput {
  const task = (id: string, key: string, estimate: number, dependsOn: string[]) => ({
    id,
    key,
    title: `Build ${key}`,
    estimate,
    dependsOn,
    files: [{ path: `src/${key}.txt`, action: 'create' as const }],
    checks: [{ uses: 'files-exist', with: { paths: [`src/${key}.txt`] } }],
    done: [`${key} exists`],
  });
  return {
    version: 1,
    name,
    kind: 'custom',
    title: 'Diamond',
    phases: [
      { id: '1', title: 'Base', tasks: [task('1.1', 'base', 5, [])] },
      { id: '2', title: 'Sides', tasks: [task('2.1', 'left', 10, ['1.1']), task('2.2', 'right', 20, ['base'])] },
      { id: '3', title: 'Join', tasks: [task('3.1', 'join', 5, ['2.1', '2.2'])] },
      { id: '4', title: 'Ship', tasks: [task('4.1', 'ship', 1, ['join'])] },
    ],
  };
}

export function seed000ShapePlan(name = 'churn'): PlanInput {
  const t = (id: string, key: string, label: string, title: string, estimate: number, dependsOn: string[]) => ({
    id,
    key,
    label,
    title,
    estimate,
    dependsOn,
  });
  return {
    version: 1,
    name,
    kind: 'ml-app',
    title: name,
    phases: [
      {
        id: '1',
        title: 'Foundation',
        tasks: [
          t('1.1', 'schema', 'Schema', 'Design Database Schema', 10, []),
          t('1.2', 'fastapi', 'FastAPI', 'Scaffold FastAPI Project', 5, []),
        ],
      },
      { id: '2', title: 'Data Engineering', tasks: [t('2.1', 'pipeline', 'Pipeline', 'Create Mage ETL Pipeline', 15, ['1.1'])] },
      {
        id: '3',
        title: 'Machine Learning',
        tasks: [
          t('3.1', 'training', 'Training', 'Create H2O Training Script', 10, ['2.1']),
          t('3.2', 'mojo', 'MOJO', 'Validate Initial Model Export', 5, ['3.1']),
        ],
      },
      { id: '4', title: 'Serving', tasks: [t('4.1', 'predict', 'Predict', 'Implement Prediction Endpoint', 10, ['1.2', '3.2'])] },
      { id: '5', title: 'Deployment', tasks: [t('5.1', 'docker', 'Docker', 'Create Dockerfile', 10, ['4.1'])] },
    ],
  };
}

export function toYaml(plan: unknown): string {
  return stringify(plan, { lineWidth: 0 });
}
