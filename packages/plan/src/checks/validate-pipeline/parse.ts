import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Tags, YAMLMap } from 'yaml';
import { Finding, Severity } from '../contract';
import { SIDE_LISTS } from './constants';
import type { PipelineRule } from './rule-catalogue';

/**
 * Reads a Mage `metadata.yaml` into a small model that keeps the position of everything a rule
 * may point at. Structural problems become findings here; graph and file rules run on the model.
 */

export interface Pos {
  line: number;
  column: number;
}

export interface Ref {
  uuid: string;
  pos: Pos;
}

export interface BlockModel {
  /** `blocks`, `callbacks`, `conditionals`, `widgets` or `extensions.<name>`. */
  list: string;
  /** Position of the block's mapping (its first key, right after `- `). */
  pos: Pos;
  uuid?: string;
  uuidPos: Pos;
  type?: string;
  typePos: Pos;
  /** Mage's default when absent is python. */
  language: string;
  languagePos: Pos;
  /** `configuration.file_path`, project-relative. */
  filePath?: string;
  filePathPos?: Pos;
  /** `configuration.file_source.path` (multi-project mode). */
  fileSourcePath?: string;
  fileSourcePos?: Pos;
  upstream: Ref[];
  downstream: Ref[];
}

export interface PipelineModel {
  uuid?: string;
  uuidPos?: Pos;
  name?: string;
  type?: string;
  rootPos: Pos;
  /** Where to report whole-pipeline rules about blocks: the `blocks` key, else the root. */
  blocksPos: Pos;
  blocks: BlockModel[];
  /** Callbacks, conditionals, widgets and extension blocks: they hang off the main DAG. */
  side: BlockModel[];
}

export interface ParseOutcome {
  model?: PipelineModel;
  findings: Finding<PipelineRule>[];
}

const MAX_SYNTAX_FINDINGS = 10;

// Mage reads with PyYAML (YAML 1.1): `yes`/`on`/`off` are booleans there, but unlike the 1.1 spec
// `y`/`n` stay strings, so a block named `n` keeps its uuid.
const PY_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
function pyyamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:bool' || !('test' in tag)) return tag;
    return { ...tag, test: tag.identify?.(true) ? PY_TRUE : PY_FALSE } as typeof tag;
  });
}

export function parsePipeline(text: string, file: string): ParseOutcome {
  const lineCounter = new LineCounter();
  const findings: Finding<PipelineRule>[] = [];
  const doc = parseDocument(text, { lineCounter, version: '1.1', prettyErrors: false, customTags: pyyamlTags });
  const posOf = (offset: number): Pos => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };
  const add = (rule: PipelineRule, severity: Severity, message: string, pos: Pos | undefined) => {
    findings.push(pos ? { rule, severity, message, file, line: pos.line, column: pos.column } : { rule, severity, message, file });
  };

  let syntaxErrors = 0;
  for (const error of doc.errors) {
    // PyYAML keeps the last of duplicate keys, so Mage loads such a file: warn, do not fail.
    const duplicate = error.code === 'DUPLICATE_KEY';
    if (!duplicate && ++syntaxErrors > MAX_SYNTAX_FINDINGS) continue;
    add(
      duplicate ? 'pipeline/duplicate-key' : 'pipeline/yaml-syntax',
      duplicate ? 'warning' : 'error',
      duplicate
        ? `${firstLine(error.message)}: Mage keeps only the last value; remove the other occurrence.`
        : `Invalid YAML: ${firstLine(error.message)}. Fix the syntax; Mage cannot load this pipeline.`,
      posOf(error.pos[0]),
    );
  }
  for (const warning of doc.warnings) {
    add('pipeline/yaml-warning', 'warning', `${firstLine(warning.message)}.`, posOf(warning.pos[0]));
  }
  if (syntaxErrors > 0) return { findings };

  const reader = new NodeReader(doc, posOf);
  const root = reader.deref(doc.contents);
  const start = posOf(0);
  if (root === undefined || root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    add(
      'pipeline/empty',
      'error',
      'The pipeline file is empty: Mage raises "Invalid pipeline config". Write at least `blocks: []`, `name`, `type: python` and `uuid`.',
      start,
    );
    return { findings };
  }
  if (!isMap(root)) {
    add(
      'pipeline/not-a-mapping',
      'error',
      'The pipeline file must be a YAML mapping (keys such as `blocks`, `name`, `type`, `uuid`), not a list or a scalar.',
      reader.pos(root) ?? start,
    );
    return { findings };
  }
  const rootPos = reader.pos(root) ?? start;
  if (root.items.length === 0) {
    add(
      'pipeline/empty',
      'error',
      'The pipeline mapping is empty: Mage raises "Invalid pipeline config". Add `blocks`, `name`, `type` and `uuid`.',
      rootPos,
    );
    return { findings };
  }

  const model: PipelineModel = { rootPos, blocksPos: rootPos, blocks: [], side: [] };

  const uuid = reader.entry(root, 'uuid');
  if (!uuid) {
    add(
      'pipeline/missing-key',
      'error',
      'The pipeline has no `uuid`: add `uuid: <folder name>` (lower case, words joined by `_`).',
      rootPos,
    );
  } else {
    const value = reader.str(uuid.value);
    if (value === undefined || value === '') {
      add(
        'pipeline/invalid-value',
        'error',
        'The pipeline `uuid` must be a non-empty string: write the pipeline folder name.',
        uuid.valuePos,
      );
    } else {
      model.uuid = value;
      model.uuidPos = uuid.valuePos;
    }
  }

  const name = reader.entry(root, 'name');
  if (name) model.name = reader.str(name.value) ?? reader.scalarText(name.value);

  const type = reader.entry(root, 'type');
  if (!type) {
    add(
      'pipeline/missing-key',
      'error',
      'The pipeline has no `type`: add `type: python` (or integration, streaming, pyspark, databricks).',
      rootPos,
    );
  } else {
    const value = reader.str(type.value);
    if (value === undefined || value === '') {
      add('pipeline/invalid-value', 'error', 'The pipeline `type` must be a string such as `python`.', type.valuePos);
    } else {
      model.type = value;
    }
  }

  const blocks = reader.entry(root, 'blocks');
  if (!blocks) {
    add(
      'pipeline/missing-key',
      'warning',
      'The pipeline has no `blocks` list: Mage loads it as an empty pipeline. Add `blocks: []` or the blocks it should run.',
      rootPos,
    );
  } else {
    model.blocksPos = blocks.keyPos;
    model.blocks = readBlockList(reader, blocks.value, 'blocks', blocks.valuePos, add);
  }

  for (const key of SIDE_LISTS) {
    const entry = reader.entry(root, key);
    if (entry) model.side.push(...readBlockList(reader, entry.value, key, entry.valuePos, add));
  }

  const extensions = reader.entry(root, 'extensions');
  if (extensions && !reader.isNull(extensions.value)) {
    const map = reader.deref(extensions.value);
    if (!isMap(map)) {
      add('pipeline/invalid-value', 'error', '`extensions` must be a mapping of extension name to `{blocks: [...]}`.', extensions.valuePos);
    } else {
      for (const pair of map.items) {
        const extName = reader.scalarText(pair.key as Node) ?? '?';
        const extPos = reader.pos(pair.key as Node) ?? extensions.valuePos;
        const config = reader.deref(pair.value as Node);
        if (reader.isNull(config)) continue;
        if (!isMap(config)) {
          add('pipeline/invalid-value', 'error', `Extension "${extName}" must be a mapping with a \`blocks\` list.`, extPos);
          continue;
        }
        const extBlocks = reader.entry(config, 'blocks');
        if (extBlocks) model.side.push(...readBlockList(reader, extBlocks.value, `extensions.${extName}`, extBlocks.valuePos, add));
      }
    }
  }

  return { model, findings };
}

type Add = (rule: PipelineRule, severity: Severity, message: string, pos: Pos | undefined) => void;

function readBlockList(reader: NodeReader, node: unknown, list: string, listPos: Pos, add: Add): BlockModel[] {
  const seq = reader.deref(node);
  if (reader.isNull(seq)) {
    if (list === 'blocks')
      add(
        'pipeline/invalid-value',
        'warning',
        '`blocks` is empty (null): Mage treats it as no blocks. Write `blocks: []` or list the blocks.',
        listPos,
      );
    return [];
  }
  if (!isSeq(seq)) {
    add('pipeline/invalid-value', 'error', `\`${list}\` must be a list of blocks (\`- uuid: ...\` items).`, listPos);
    return [];
  }
  const out: BlockModel[] = [];
  for (const item of seq.items) {
    const block = reader.deref(item);
    const pos = reader.pos(block) ?? reader.pos(item as Node) ?? listPos;
    if (!isMap(block)) {
      add('pipeline/invalid-value', 'error', `Each item of \`${list}\` must be a block mapping with at least \`uuid\` and \`type\`.`, pos);
      continue;
    }
    out.push(readBlock(reader, block, list, pos, add));
  }
  return out;
}

function readBlock(reader: NodeReader, map: YAMLMap, list: string, pos: Pos, add: Add): BlockModel {
  const block: BlockModel = { list, pos, uuidPos: pos, typePos: pos, language: 'python', languagePos: pos, upstream: [], downstream: [] };
  const uuid = reader.entry(map, 'uuid');
  if (!uuid) {
    add(
      'pipeline/missing-key',
      'error',
      `A block in \`${list}\` has no \`uuid\`: Mage fails with a KeyError. Add \`uuid: <name>\` (lower case, words joined by \`_\`).`,
      pos,
    );
  } else {
    const value = reader.str(uuid.value);
    block.uuidPos = uuid.valuePos;
    if (value === undefined || value === '') {
      add(
        'pipeline/invalid-value',
        'error',
        `A block \`uuid\` must be a non-empty string (found ${reader.describe(uuid.value)}); quote it if needed.`,
        uuid.valuePos,
      );
    } else {
      block.uuid = value;
    }
  }
  const label = block.uuid ? `Block "${block.uuid}"` : 'A block';

  const type = reader.entry(map, 'type');
  if (!type) {
    add(
      'pipeline/missing-key',
      'error',
      `${label} has no \`type\`: add one such as data_loader, transformer or data_exporter.`,
      block.uuidPos,
    );
  } else {
    block.typePos = type.valuePos;
    const value = reader.str(type.value);
    if (value === undefined || value === '') {
      add(
        'pipeline/invalid-value',
        'error',
        `${label} \`type\` must be a string such as data_loader (found ${reader.describe(type.value)}).`,
        type.valuePos,
      );
    } else {
      block.type = value;
    }
  }

  const language = reader.entry(map, 'language');
  if (language && !reader.isNull(language.value)) {
    block.languagePos = language.valuePos;
    const value = reader.str(language.value);
    if (value === undefined || value === '') {
      add(
        'pipeline/invalid-value',
        'error',
        `${label} \`language\` must be one of python, sql, r, yaml, markdown (found ${reader.describe(language.value)}).`,
        language.valuePos,
      );
    } else {
      block.language = value;
    }
  }

  const configuration = reader.entry(map, 'configuration');
  const config = configuration ? reader.deref(configuration.value) : undefined;
  if (isMap(config)) {
    const filePath = reader.entry(config, 'file_path');
    const filePathValue = filePath ? reader.str(filePath.value) : undefined;
    if (filePath && filePathValue) {
      block.filePath = filePathValue;
      block.filePathPos = filePath.valuePos;
    }
    const fileSource = reader.entry(config, 'file_source');
    const source = fileSource ? reader.deref(fileSource.value) : undefined;
    if (isMap(source)) {
      const sourcePath = reader.entry(source, 'path');
      const sourceValue = sourcePath ? reader.str(sourcePath.value) : undefined;
      if (sourcePath && sourceValue) {
        block.fileSourcePath = sourceValue;
        block.fileSourcePos = sourcePath.valuePos;
      }
    }
  } else if (configuration && !reader.isNull(config)) {
    add('pipeline/invalid-value', 'error', `${label} \`configuration\` must be a mapping.`, configuration.valuePos);
  }

  block.upstream = readRefs(reader, map, 'upstream_blocks', label, add);
  block.downstream = readRefs(reader, map, 'downstream_blocks', label, add);
  return block;
}

function readRefs(reader: NodeReader, map: YAMLMap, key: string, label: string, add: Add): Ref[] {
  const entry = reader.entry(map, key);
  if (!entry) return [];
  const seq = reader.deref(entry.value);
  if (reader.isNull(seq)) {
    add('pipeline/invalid-value', 'warning', `${label} \`${key}\` is null: write \`${key}: []\` when it has none.`, entry.valuePos);
    return [];
  }
  if (!isSeq(seq)) {
    add('pipeline/invalid-value', 'error', `${label} \`${key}\` must be a list of block uuids.`, entry.valuePos);
    return [];
  }
  const refs: Ref[] = [];
  for (const item of seq.items) {
    const node = reader.deref(item);
    const pos = reader.pos(node) ?? reader.pos(item as Node) ?? entry.valuePos;
    const value = reader.str(node);
    if (value === undefined || value === '') {
      add(
        'pipeline/invalid-value',
        'error',
        `${label} \`${key}\` holds ${reader.describe(node)}, not a block uuid: write the uuid as a string.`,
        pos,
      );
      continue;
    }
    refs.push({ uuid: value, pos });
  }
  return refs;
}

interface Entry {
  keyPos: Pos;
  value: unknown;
  valuePos: Pos;
}

/** Small helpers over yaml's node API that never throw on odd input. */
class NodeReader {
  constructor(
    private readonly doc: Document,
    private readonly posOf: (offset: number) => Pos,
  ) {}

  deref(node: unknown): unknown {
    if (isAlias(node)) {
      try {
        return node.resolve(this.doc);
      } catch {
        return undefined;
      }
    }
    return node;
  }

  pos(node: unknown): Pos | undefined {
    const range = (node as Node | null | undefined)?.range;
    return range ? this.posOf(range[0]) : undefined;
  }

  isNull(node: unknown): boolean {
    const n = this.deref(node);
    return n === null || n === undefined || (isScalar(n) && n.value === null);
  }

  /** The last pair with that key (PyYAML keeps the last duplicate). */
  entry(map: YAMLMap, key: string): Entry | undefined {
    for (let i = map.items.length - 1; i >= 0; i--) {
      const pair = map.items[i];
      const k = this.deref(pair.key);
      if (isScalar(k) && String(k.value) === key) {
        const keyPos = this.pos(k) ?? this.pos(map) ?? this.posOf(0);
        const value = pair.value;
        const valuePos = this.pos(this.deref(value)) ?? this.pos(value) ?? keyPos;
        return { keyPos, value, valuePos };
      }
    }
    return undefined;
  }

  str(node: unknown): string | undefined {
    const n = this.deref(node);
    return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
  }

  scalarText(node: unknown): string | undefined {
    const n = this.deref(node);
    return isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined;
  }

  describe(node: unknown): string {
    const n = this.deref(node);
    if (n === null || n === undefined || (isScalar(n) && n.value === null)) return 'nothing (null)';
    if (isSeq(n)) return 'a list';
    if (isMap(n)) return 'a mapping';
    if (isScalar(n)) return typeof n.value === 'string' ? 'an empty string' : `the ${typeof n.value} ${String(n.value)}`;
    return 'an unreadable value';
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\.$/, '');
}
