import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ProjectConfiguration } from '@nx/devkit';
import { PLAN_YAML_MAX_BYTES } from '../model/source-text';
import { diamondPlan, toYaml } from '../testing/sample-plans';
import { createNodesForPlanFiles } from './plugin';

/** The plugin reads plans the way `plan validate` does: capped, strict UTF-8, check names and options checked. */
function verifyErrorOf(content: string | Buffer): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-loading-'));
  mkdirSync(path.join(root, 'p'));
  writeFileSync(path.join(root, 'p/plan.yaml'), content);
  const [[, result]] = createNodesForPlanFiles(['p/plan.yaml'], {}, { workspaceRoot: root, nxJsonConfiguration: {} });
  const project = Object.values(result.projects!)[0] as ProjectConfiguration;
  expect(project.tags).toContain('plan:invalid');
  return String(project.targets!.verify.options.error);
}

describe('plans loaded by the Nx plugin', () => {
  it('an unknown check or option is a located error, as in plan validate', () => {
    const plan = diamondPlan();
    plan.phases[0].tasks![0].checks = [{ uses: 'files-exsit', with: { paths: ['src/base.txt'] } }];
    expect(verifyErrorOf(toYaml(plan))).toMatch(
      /^p\/plan\.yaml:\d+:\d+ +error +Unknown check "files-exsit" \(did you mean "files-exist"\?\)/m,
    );
    plan.phases[0].tasks![0].checks = [{ uses: 'command', with: { command: 'true', timeout: 'abc' } }];
    expect(verifyErrorOf(toYaml(plan))).toMatch(/^p\/plan\.yaml:\d+:\d+ +error .*timeout/m);
  });

  it('invalid UTF-8 is reported at its position, not decoded into U+FFFD', () => {
    const text = Buffer.from(toYaml(diamondPlan()).replace('title: Base', 'title: Ba\u0000se'));
    text[text.indexOf(0)] = 0xff;
    const error = verifyErrorOf(text);
    expect(error).toMatch(/^p\/plan\.yaml:\d+:\d+ +error .*UTF-8/m);
    expect(error).not.toContain('\ufffd');
  });

  it('a plan.yaml over the size cap is refused before it is read', () => {
    expect(verifyErrorOf('#'.repeat(PLAN_YAML_MAX_BYTES + 1))).toMatch(/^p\/plan\.yaml:1:1 +error .*(larger|too large|exceeds)/im);
  });
});
