import { Finding } from '../contract';
import { BLOCK_TYPE_SET, EXTENSION_BY_LANGUAGE, PIPELINE_TYPES } from './constants';
import { GraphResult } from './graph';
import { BlockModel, PipelineModel, Pos } from './parse';
import type { PipelineRule } from './rule-catalogue';

/** Rules over the parsed model that need no file system: types, languages, uuids, graph, required types. */

export function modelFindings(model: PipelineModel, graph: GraphResult, required: string[], file: string): Finding<PipelineRule>[] {
  const findings: Finding<PipelineRule>[] = [];
  const at = (rule: PipelineRule, severity: Finding['severity'], message: string, pos: Pos) =>
    findings.push({ rule, severity, message, file, line: pos.line, column: pos.column });

  if (model.type !== undefined && !PIPELINE_TYPES.has(model.type)) {
    at(
      'pipeline/unknown-pipeline-type',
      'warning',
      `Pipeline type "${model.type}" is not one Mage knows (python, integration, streaming, pyspark, databricks); use python for a batch pipeline.`,
      model.rootPos,
    );
  }

  const all: BlockModel[] = [...model.blocks, ...model.side];
  const firstByUuid = new Map<string, BlockModel>();
  for (const block of all) {
    if (block.type !== undefined && !BLOCK_TYPE_SET.has(block.type)) {
      at(
        'pipeline/unknown-block-type',
        'error',
        `Block "${block.uuid ?? '?'}" has type "${block.type}", which Mage rejects. Use one of data_loader, transformer, data_exporter, custom, sensor, markdown, dbt, callback, conditional, chart, ...`,
        block.typePos,
      );
    }
    if (!Object.hasOwn(EXTENSION_BY_LANGUAGE, block.language)) {
      at(
        'pipeline/unknown-language',
        'error',
        `Block "${block.uuid ?? '?'}" has language "${block.language}": Mage knows python, sql, r, yaml and markdown and cannot locate its file otherwise.`,
        block.languagePos,
      );
    }
    if (block.uuid === undefined) continue;
    const first = firstByUuid.get(block.uuid);
    if (first) {
      at(
        'pipeline/duplicate-uuid',
        'error',
        `Block uuid "${block.uuid}" is used again (first at line ${first.uuidPos.line}${first.list === block.list ? '' : ` in \`${first.list}\``}): Mage raises on duplicate uuids. Rename one block and its file.`,
        block.uuidPos,
      );
    } else {
      firstByUuid.set(block.uuid, block);
    }
  }

  for (const issue of graph.issues) {
    if (issue.kind === 'dangling') {
      at(
        'pipeline/dangling-reference',
        'error',
        `Block "${issue.block.uuid ?? '?'}" lists "${issue.uuid}" in ${issue.key}, but no block has that uuid: Mage silently drops the edge. Fix the uuid or remove the reference.`,
        issue.pos,
      );
    } else if (issue.kind === 'asymmetric') {
      const other = issue.key === 'downstream_blocks' ? 'upstream_blocks' : 'downstream_blocks';
      at(
        'pipeline/asymmetric-edge',
        'warning',
        `Block "${issue.block.uuid}" lists "${issue.uuid}" in ${issue.key}, but "${issue.uuid}" does not list "${issue.block.uuid}" in its ${other}. Mage tolerates this; add the missing entry so both lists agree.`,
        issue.pos,
      );
    } else {
      at(
        'pipeline/cycle',
        'error',
        `Circular dependency: ${issue.path.join(' → ')}. Mage refuses to load a pipeline with a cycle; remove one of these edges.`,
        issue.pos,
      );
    }
  }
  if (graph.moreCycles > 0) {
    at(
      'pipeline/cycle',
      'error',
      `${graph.moreCycles} more circular dependencies were found; fix the ones above and run again.`,
      model.blocksPos,
    );
  }

  const present = new Set(model.blocks.map((b) => b.type));
  for (const type of required) {
    if (!present.has(type)) {
      at(
        'pipeline/missing-block-type',
        'error',
        `The pipeline has no ${type} block; this check requires ${required.join(', ')}. Add a ${type} block (or change the requireBlocks option).`,
        model.blocksPos,
      );
    }
  }
  return findings;
}

export function blockCounts(blocks: BlockModel[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const block of blocks) {
    const key = block.type ?? '(none)';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
