import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readTextCapped, TEXT_LIMITS } from '../read-text';
import { checkBlockFiles } from './block-files';
import { BLOCK_TYPE_SET, DEFAULT_REQUIRED_BLOCKS } from './constants';
import { analyseGraph } from './graph';
import { parsePipeline } from './parse';
import { findProject } from './project';
import { blockCounts, modelFindings } from './rules';
import { PipelineRule, rules } from './rule-catalogue';

export interface ValidatePipelineOptions {
  /** Comma-separated block types the pipeline must contain, or `none`. */
  requireBlocks?: string | string[];
}

/**
 * A Mage pipeline (`pipelines/<uuid>/metadata.yaml` inside its project) loads in Mage and is a
 * DAG that loads, transforms and exports. Stricter than Mage where Mage would fail later or
 * silently drop something; lenient (warnings) where Mage is.
 */
export const check: CheckDefinition<ValidatePipelineOptions, PipelineRule> = {
  name: 'validate-pipeline',
  rules,
  summary:
    'Mage pipeline: valid metadata.yaml, no circular dependencies, block files with their decorators, has loader, transformer and exporter',
  pathsDescription: 'Mage pipeline folders (pipelines/<uuid>/) or their metadata.yaml files',
  options: [
    {
      name: 'requireBlocks',
      type: 'string',
      description: 'Comma-separated block types the pipeline must contain, or "none"',
      default: DEFAULT_REQUIRED_BLOCKS.join(','),
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-pipeline needs at least one pipeline folder or metadata.yaml.');
    const required = parseRequired(options.requireBlocks);
    const findings: Finding<PipelineRule>[] = [];
    const pipelines: Record<string, unknown>[] = [];
    for (const given of paths) {
      const outcome = await validateOne(given, context.cwd, required);
      findings.push(...outcome.findings);
      pipelines.push(outcome.metadata);
    }
    return resultOf('validate-pipeline', findings, { requireBlocks: required, pipelines });
  },
};

export function parseRequired(value: unknown): string[] {
  if (value === undefined || value === null) return [...DEFAULT_REQUIRED_BLOCKS];
  const parts = (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : undefined)
    ?.map((s) => s.trim())
    .filter(Boolean);
  if (!parts || parts.length === 0) {
    throw new CheckUsageError(
      'requireBlocks must list block types separated by commas (e.g. "data_loader,transformer,data_exporter") or be "none".',
    );
  }
  if (parts.length === 1 && parts[0].toLowerCase() === 'none') return [];
  const unknown = parts.filter((p) => !BLOCK_TYPE_SET.has(p));
  if (unknown.length > 0) {
    throw new CheckUsageError(
      `requireBlocks: unknown block type(s) ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${[...BLOCK_TYPE_SET].join(', ')}, or "none".`,
    );
  }
  return [...new Set(parts)];
}

async function validateOne(
  given: string,
  cwd: string,
  required: string[],
): Promise<{ findings: Finding<PipelineRule>[]; metadata: Record<string, unknown> }> {
  const absolute = path.resolve(cwd, given);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) {
    return {
      findings: [
        {
          rule: 'pipeline/not-found',
          severity: 'error',
          message: 'Path does not exist: give a Mage pipeline folder (pipelines/<uuid>/) or its metadata.yaml.',
          file: given,
        },
      ],
      metadata: { file: given, error: 'not found' },
    };
  }
  const metadataAbsolute = stat.isDirectory() ? path.join(absolute, 'metadata.yaml') : absolute;
  const shown = stat.isDirectory() ? path.join(given, 'metadata.yaml') : given;

  let text: string;
  try {
    const fileStat = await fs.stat(metadataAbsolute);
    if (!fileStat.isFile()) {
      return {
        findings: [
          {
            rule: 'pipeline/not-found',
            severity: 'error',
            message: 'Not a regular file: give a Mage pipeline folder or its metadata.yaml.',
            file: shown,
          },
        ],
        metadata: { file: shown, error: 'not a file' },
      };
    }
    const read = await readTextCapped(metadataAbsolute, TEXT_LIMITS.config, 'metadata.yaml');
    if (read.tooLarge !== undefined) {
      return {
        findings: [{ rule: 'pipeline/too-large', severity: 'error', message: read.tooLarge, file: shown }],
        metadata: { file: shown, error: 'too large' },
      };
    }
    text = read.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'This folder has no metadata.yaml: a Mage pipeline folder holds pipelines/<uuid>/metadata.yaml.'
        : `Cannot read the pipeline file (${code ?? String(error)}): check the path and its permissions.`;
    return {
      findings: [{ rule: 'pipeline/not-found', severity: 'error', message, file: code === 'ENOENT' ? given : shown }],
      metadata: { file: shown, error: code ?? 'unreadable' },
    };
  }

  const parsed = parsePipeline(text, shown);
  const findings = [...parsed.findings];
  const model = parsed.model;
  if (!model) return { findings: sorted(findings), metadata: { file: shown, error: 'unreadable pipeline' } };

  const graph = analyseGraph(model);
  findings.push(...modelFindings(model, graph, required, shown));

  const project = findProject(metadataAbsolute);
  let blockFilesChecked = 0;
  if (!project) {
    findings.push({
      rule: 'pipeline/block-files-skipped',
      severity: 'info',
      message:
        'This metadata.yaml is not inside a Mage project (<project>/pipelines/<uuid>/metadata.yaml), so block files and their decorators were not checked. Validate it inside its project to check them.',
      file: shown,
    });
  } else {
    if (model.uuid !== undefined && model.uuid !== project.folderName && model.uuidPos) {
      findings.push({
        rule: 'pipeline/uuid-mismatch',
        severity: 'warning',
        message: `The pipeline uuid "${model.uuid}" differs from its folder "${project.folderName}": Mage loads it by folder name. Rename one so they agree.`,
        file: shown,
        line: model.uuidPos.line,
        column: model.uuidPos.column,
      });
    }
    const files = await checkBlockFiles([...model.blocks, ...model.side], { project, metadataShown: shown, metadataAbsolute });
    findings.push(...files.findings);
    blockFilesChecked = files.checked;
  }

  return {
    findings: sorted(findings),
    metadata: {
      file: shown,
      uuid: model.uuid ?? null,
      name: model.name ?? null,
      type: model.type ?? null,
      blocks: model.blocks.length,
      blockCounts: blockCounts(model.blocks),
      otherBlocks: model.side.length,
      edges: graph.edges,
      topologicalOrder: graph.topologicalOrder,
      projectRoot: project ? path.join(path.dirname(shown), path.relative(path.dirname(metadataAbsolute), project.root)) : null,
      blockFilesChecked,
    },
  };
}

/** By file, then position, so the output reads top to bottom; stable for equal positions. */
function sorted(findings: Finding<PipelineRule>[]): Finding<PipelineRule>[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) =>
      a.f.file < b.f.file
        ? -1
        : a.f.file > b.f.file
          ? 1
          : (a.f.line ?? 0) - (b.f.line ?? 0) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.i - b.i,
    )
    .map(({ f }) => f);
}
