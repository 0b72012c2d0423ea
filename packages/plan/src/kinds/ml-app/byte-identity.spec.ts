import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { mlAppGenerator } from '../../generators/ml-app/ml-app';
import { MlAppGeneratorSchema } from '../../generators/ml-app/schema';
import { importGenerator } from '../../generators/import/import';

/**
 * ml-app moved onto the kind modules (issue 10) with no change in what it generates: every file
 * `nx g plan:ml-app` writes, for three option sets, hashed and held against the hashes recorded
 * before the move (byte-identity.sha256.json). PLAN_RECORD_HASHES=1 rewrites the record; only do
 * that for an intended change of the generated files.
 */
const RECORD = path.join(__dirname, 'byte-identity.sha256.json');

const OPTION_SETS: Record<string, MlAppGeneratorSchema> = {
  defaults: { name: 'churn' },
  named: {
    name: 'fraud-detection',
    directory: 'apps/ml/fraud',
    projectName: 'Fraud "Detection" <beta>',
    projectDescription: 'Flags risky payments.\n# not a heading',
    schemaName: 'payments',
    pipelineName: 'payment_features',
    modelName: 'risk_glm',
    additionalNotes: "It's ${HOME} and `rm -rf` and <%= x %>",
    python: '.venv/bin/python',
  },
  texts: {
    name: 'demand',
    functionalRequirements: 'Forecast demand per store\nDaily batch',
    nonFunctionalRequirements: 'p99 < 1 s',
    constraints: "Python 3.11; '''triple''' quotes",
  },
};

async function hashes(options: MlAppGeneratorSchema, imported: boolean): Promise<Record<string, string>> {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
  if (imported) {
    // `nx g plan:import` of the generated PLAN.md: the ml-app skills through the import path.
    await mlAppGenerator(tree, options);
    tree.rename(`${options.directory ?? options.name}/PLAN.md`, 'docs/PLAN.md');
    tree.delete(options.directory ?? options.name);
  }
  const before = new Map(tree.listChanges().map((c) => [c.path, c.content?.toString('utf8')]));
  if (imported) await importGenerator(tree, { file: 'docs/PLAN.md', name: 'imported', python: options.python });
  else await mlAppGenerator(tree, options);
  const out: Record<string, string> = {};
  for (const change of tree.listChanges().sort((a, b) => a.path.localeCompare(b.path))) {
    const content = change.content ?? Buffer.alloc(0);
    if (before.get(change.path) === content.toString('utf8')) continue;
    out[change.path] = `${change.type}:${createHash('sha256').update(content).digest('hex')}`;
  }
  return out;
}

describe('ml-app generates byte-for-byte what it generated before the kind modules', () => {
  it.each(Object.keys(OPTION_SETS).flatMap((set) => [set, `${set} imported`]))('%s', async (set) => {
    const actual = await hashes(OPTION_SETS[set.replace(/ imported$/, '')], set.endsWith(' imported'));
    if (process.env.PLAN_RECORD_HASHES === '1') {
      const record = (() => {
        try {
          return JSON.parse(readFileSync(RECORD, 'utf8'));
        } catch {
          return {};
        }
      })();
      record[set] = actual;
      writeFileSync(RECORD, JSON.stringify(record, null, 2) + '\n');
    }
    const recorded = JSON.parse(readFileSync(RECORD, 'utf8'))[set];
    expect(actual).toEqual(recorded);
  });
});
