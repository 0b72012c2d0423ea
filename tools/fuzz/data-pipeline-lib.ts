/**
 * Inputs of the data-pipeline fuzzers: the files plan:data-pipeline generates for two datasets,
 * flattened into one folder (the fuzz harness copies flat folders when it saves a crash), with every
 * path inside them rewritten to the flat names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataPipelineKind } from '../../packages/plan/src/kinds/data-pipeline';

export function flatName(relative: string): string {
  return relative.replace(/\//g, '__');
}

export function generatedFiles(): Map<string, string> {
  const ctx = dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' });
  const files = dataPipelineKind.files(ctx);
  const names = [...files.keys()].sort((a, b) => b.length - a.length);
  const flat = new Map<string, string>();
  for (const [file, content] of files) {
    let text = content;
    for (const name of names) if (name.includes('/')) text = text.split(name).join(flatName(name));
    flat.set(flatName(file), text.replace(/\.plan\/pipeline/g, 'out'));
  }
  return flat;
}

export function writeAll(dir: string, files: Map<string, string>): void {
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
}
