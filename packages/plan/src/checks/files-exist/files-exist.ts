import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { FilesExistRule, rules } from './rule-catalogue';

/**
 * Every file a task creates exists and is not empty. A path ending in `/` names a folder, which
 * must exist and hold at least one file (seed 000 lists `pipelines/x/data_loaders/` this way).
 */
export const check: CheckDefinition<{ hints?: Record<string, string> }, FilesExistRule> = {
  name: 'files-exist',
  rules,
  summary: 'Every listed file exists and is not empty (a path ending in / must be a non-empty folder)',
  pathsDescription: 'files or folders/ that must exist',
  options: [
    {
      name: 'hints',
      type: 'string',
      description: 'Map path → command that produces it (from plan.yaml producedBy); named when the file is missing',
    },
  ],
  async run(paths, options: { hints?: Record<string, string> }, context) {
    if (paths.length === 0) throw new CheckUsageError('files-exist needs at least one path.');
    const findings: Finding<FilesExistRule>[] = [];
    for (const given of paths) {
      const absolute = path.resolve(context.cwd, given);
      const wantsFolder = /[\\/]$/.test(given);
      const stat = await fs.stat(absolute).catch(() => undefined);
      if (!stat) {
        findings.push({
          rule: 'files/missing',
          severity: 'error',
          message: options.hints?.[given]
            ? `${wantsFolder ? 'Folder' : 'File'} does not exist yet: produce it with \`${options.hints[given]}\`.`
            : `${wantsFolder ? 'Folder' : 'File'} does not exist: create it (the task lists it with action create).`,
          file: given,
        });
      } else if (wantsFolder || stat.isDirectory()) {
        if (!stat.isDirectory()) {
          findings.push({ rule: 'files/not-a-folder', severity: 'error', message: 'Expected a folder, found a file.', file: given });
        } else if (!(await hasAnyFile(absolute))) {
          findings.push({ rule: 'files/empty', severity: 'error', message: 'Folder holds no file: add its content.', file: given });
        }
      } else if (stat.size === 0) {
        findings.push({ rule: 'files/empty', severity: 'error', message: 'File is empty: add its content.', file: given });
      }
    }
    return resultOf('files-exist', findings, { checked: paths.length });
  },
};

async function hasAnyFile(folder: string): Promise<boolean> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile()) return true;
    if (entry.isDirectory() && (await hasAnyFile(path.join(folder, entry.name)))) return true;
  }
  return false;
}
