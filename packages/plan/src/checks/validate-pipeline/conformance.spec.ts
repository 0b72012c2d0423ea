import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { check } from './validate-pipeline';

/**
 * Real metadata.yaml files from Mage's own repositories (read in place, never copied): Mage loads
 * them all, so none may give an error finding. They are loose files, so block files are skipped.
 */
describeWithSharedFixtures('validate-pipeline conformance: /work/shared/fixtures/mage', () => {
  const dir = path.join(sharedFixturesDir() ?? '', 'mage');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];

  it('has fixtures to read', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s gives no error finding with requireBlocks none', async (file) => {
    const result = await check.run([file], { requireBlocks: 'none' }, { cwd: dir });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    // Loose files: exactly one info finding says block files were not checked.
    expect(result.findings.filter((f) => f.rule === 'pipeline/block-files-skipped').map((f) => f.file)).toEqual([file]);
    const meta = (result.metadata as any).pipelines[0];
    expect(meta.file).toBe(file);
    expect(typeof meta.uuid).toBe('string');
    const counted = Object.values(meta.blockCounts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(meta.blocks);
    expect(meta.blocks).toBeGreaterThan(0);
    expect(meta.topologicalOrder).toHaveLength(meta.blocks);
  });

  it('reports the block counts of each fixture', async () => {
    const result = await check.run(files, { requireBlocks: 'none' }, { cwd: dir });
    const counts = Object.fromEntries((result.metadata as any).pipelines.map((p: any) => [p.file, p.blockCounts]));
    // Counted by hand from the fixture files.
    expect(counts['mage-template__example_pipeline.yaml']).toEqual({ data_loader: 1, transformer: 1, data_exporter: 1 });
    expect(counts['examples__guide_to_accuracy__precision__and_recall.yaml']).toEqual({
      data_loader: 1,
      transformer: 1,
      custom: 4,
      data_exporter: 1,
    });
    expect(counts['examples__transform_api_data.yaml']).toEqual({ markdown: 3, data_loader: 1, transformer: 1, data_exporter: 1 });
    expect(result.ok).toBe(true);
  });
});
