import { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import dataPipelineGenerator from './data-pipeline';

describe('plan:data-pipeline', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
  });

  it('writes the plan and every item file, and changes nothing when run again', async () => {
    await dataPipelineGenerator(tree, { name: 'clickstream', datasets: 'events,sessions' });
    const plan = parse(tree.read('clickstream/plan.yaml', 'utf8')!);
    expect(plan.kind).toBe('data-pipeline');
    for (const file of [
      'contracts/events/v2.avsc',
      'contracts/asyncapi.yaml',
      'pipeline/pipeline.yaml',
      'quality/rules.yaml',
      'docker-compose.yml',
      'data/samples/sessions.bad.ndjson',
    ])
      expect(tree.exists(`clickstream/${file}`)).toBe(true);
    const before = tree.listChanges().map((c) => [c.path, c.content?.toString()]);
    await dataPipelineGenerator(tree, { name: 'clickstream', datasets: 'events,sessions' });
    expect(tree.listChanges().map((c) => [c.path, c.content?.toString()])).toEqual(before);
  });

  it('names the option of a bad value and writes nothing', async () => {
    await expect(dataPipelineGenerator(tree, { name: 'clickstream', datasets: 'events,../x' })).rejects.toThrow(/--datasets/);
    expect(tree.exists('clickstream/plan.yaml')).toBe(false);
  });
});
