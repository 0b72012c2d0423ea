import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../contract';
import { DECORATOR_BY_TYPE, FILE_BLOCK_TYPES, NON_EXECUTED_TYPES } from './constants';
import { BlockModel } from './parse';
import { locateBlockFile, ProjectLayout } from './project';
import type { PipelineRule } from './rule-catalogue';

/**
 * Each block's code file exists where Mage looks for it, and a python block carries the decorator
 * of its type (Mage otherwise fails at run time: "does not have any decorated functions").
 */

export interface FileContext {
  project: ProjectLayout;
  /** metadata.yaml as the caller should see it, and its absolute path. */
  metadataShown: string;
  metadataAbsolute: string;
}

type Content = { ok: true; text: string } | { ok: false; reason: 'missing' | 'folder' | 'unreadable'; detail?: string };

export async function checkBlockFiles(
  blocks: BlockModel[],
  ctx: FileContext,
): Promise<{ findings: Finding<PipelineRule>[]; checked: number }> {
  const findings: Finding<PipelineRule>[] = [];
  const cache = new Map<string, Promise<Content>>();
  const read = (file: string) => {
    let pending = cache.get(file);
    if (!pending) {
      pending = readContent(file);
      cache.set(file, pending);
    }
    return pending;
  };
  // Shown paths keep the caller's spelling: relative to the given metadata.yaml's folder.
  const shown = (absolute: string) =>
    path.join(path.dirname(ctx.metadataShown), path.relative(path.dirname(ctx.metadataAbsolute), absolute));

  let checked = 0;
  const work = blocks.map(async (block) => {
    if (block.type === undefined || block.uuid === undefined || !FILE_BLOCK_TYPES.has(block.type)) return;
    const location = locateBlockFile(block, ctx.project);
    if (!location) return;
    checked++;
    let found: { file: string; text: string } | undefined;
    let problem: Content | undefined;
    for (const candidate of location.candidates) {
      const content = await read(candidate);
      if (content.ok) {
        found = { file: candidate, text: content.text };
        break;
      }
      problem ??= content;
    }
    if (!found) {
      const where = location.candidates.map((c) => shown(c)).join(' or ');
      const via =
        location.source === 'convention'
          ? `Mage looks for it at the project root (<type>s/<uuid>.<ext>)`
          : `its configuration.${location.source} points there`;
      const reason =
        problem && !problem.ok && problem.reason === 'folder'
          ? 'is a folder, not a file'
          : problem && !problem.ok && problem.reason === 'unreadable'
            ? `cannot be read (${problem.detail})`
            : 'does not exist';
      findings.push({
        rule: 'pipeline/missing-block-file',
        severity: NON_EXECUTED_TYPES.has(block.type) ? 'warning' : 'error',
        message: `Block "${block.uuid}" (${block.type}): ${where} ${reason}; ${via}. Create the file or fix configuration.file_path.`,
        file: ctx.metadataShown,
        line: location.pos.line,
        column: location.pos.column,
      });
      return;
    }
    const decorator = DECORATOR_BY_TYPE[block.type];
    if (!decorator || block.language !== 'python') return;
    if (hasDecorator(found.text, decorator)) return;
    const at = decoratorHint(found.text);
    findings.push({
      rule: 'pipeline/missing-decorator',
      severity: 'error',
      message: at.wrong
        ? `Block "${block.uuid}" is a ${block.type} but its file is decorated @${at.wrong}: use @${decorator} (or change the block type), or Mage finds no decorated function to run.`
        : `Block "${block.uuid}" is a ${block.type} but its file has no @${decorator} function: Mage fails with "does not have any decorated functions". Decorate the entry function with @${decorator} (import it from mage_ai.data_preparation.decorators).`,
      file: shown(found.file),
      line: at.line,
      column: at.column,
    });
  });
  await Promise.all(work);
  return { findings, checked };
}

/** Block files are small; reading stops here so a path like /dev/zero or a huge file cannot hang the check. */
const MAX_READ_BYTES = 8 * 1024 * 1024;

async function readContent(file: string): Promise<Content> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) return { ok: false, reason: 'folder' };
    if (!stat.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
    if (stat.size <= MAX_READ_BYTES) return { ok: true, text: await fs.readFile(file, 'utf8') };
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(MAX_READ_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, MAX_READ_BYTES, 0);
      return { ok: true, text: buffer.subarray(0, bytesRead).toString('utf8') };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
    return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
  }
}

const DECORATOR_LINE = /^[ \t]*@([A-Za-z_][A-Za-z0-9_]*)\b/gm;

export function hasDecorator(text: string, name: string): boolean {
  for (const match of text.matchAll(DECORATOR_LINE)) if (match[1] === name) return true;
  return false;
}

/** Where to point when the decorator is missing: a decorator of another block type, else the first def. */
function decoratorHint(text: string): { line: number; column: number; wrong?: string } {
  const others = new Set(Object.values(DECORATOR_BY_TYPE));
  for (const match of text.matchAll(DECORATOR_LINE)) {
    if (others.has(match[1])) {
      const offset = match.index + match[0].indexOf('@');
      return { ...lineCol(text, offset), wrong: match[1] };
    }
  }
  const def = /^[ \t]*(?:async[ \t]+)?def[ \t]/m.exec(text);
  if (def) return lineCol(text, def.index + def[0].length - def[0].trimStart().length);
  return { line: 1, column: 1 };
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
