import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_BY_LANGUAGE, folderOfType } from './constants';
import { BlockModel, Pos } from './parse';

/**
 * Where the Mage project is, and where Mage looks for each block's code (formats.md, "Block files").
 */

export interface ProjectLayout {
  /** Absolute project root: the folder holding `pipelines/<uuid>/`. */
  root: string;
  /** Name of the pipeline folder (Mage loads the pipeline by this name, not by the yaml's uuid). */
  folderName: string;
}

/**
 * `<root>/pipelines/<uuid>/metadata.yaml` is a project layout when the middle folder is called
 * `pipelines` or the root carries a project `metadata.yaml` / `io_config.yaml`. A yaml file with
 * another name, or in no such layout, is a loose file whose block files cannot be located.
 */
export function findProject(metadataFile: string): ProjectLayout | undefined {
  if (path.basename(metadataFile) !== 'metadata.yaml') return undefined;
  const pipelineDir = path.dirname(metadataFile);
  const pipelinesDir = path.dirname(pipelineDir);
  const root = path.dirname(pipelinesDir);
  if (root === pipelinesDir) return undefined;
  const named = path.basename(pipelinesDir) === 'pipelines';
  const marked = existsSync(path.join(root, 'metadata.yaml')) || existsSync(path.join(root, 'io_config.yaml'));
  return named || marked ? { root, folderName: path.basename(pipelineDir) } : undefined;
}

export interface BlockLocation {
  /** Absolute candidate paths, in the order Mage would try them; the first existing one is used. */
  candidates: string[];
  /** How the location was chosen, for messages. */
  source: 'file_path' | 'file_source.path' | 'convention';
  /** Position to report a missing file at. */
  pos: Pos;
}

/**
 * `configuration.file_path` (project-relative) wins, then `configuration.file_source.path`, then
 * `<root>/<type>s/<uuid>.<ext>`. Undefined when the language has no known extension.
 */
export function locateBlockFile(block: BlockModel, project: ProjectLayout): BlockLocation | undefined {
  if (block.filePath) {
    return { candidates: [resolveIn(project.root, block.filePath)], source: 'file_path', pos: block.filePathPos ?? block.uuidPos };
  }
  if (block.fileSourcePath) {
    // Multi-project mode: the path is relative to the workspace that holds several projects;
    // a single project also accepts it relative to itself.
    const candidates = [resolveIn(project.root, block.fileSourcePath), resolveIn(path.dirname(project.root), block.fileSourcePath)];
    return { candidates: [...new Set(candidates)], source: 'file_source.path', pos: block.fileSourcePos ?? block.uuidPos };
  }
  const ext = Object.hasOwn(EXTENSION_BY_LANGUAGE, block.language) ? EXTENSION_BY_LANGUAGE[block.language] : undefined;
  if (!ext || block.uuid === undefined || block.type === undefined) return undefined;
  // A uuid with `/` maps to sub-folders.
  const relative = path.join(folderOfType(block.type), ...block.uuid.split('/').filter(Boolean)) + `.${ext}`;
  return { candidates: [path.join(project.root, relative)], source: 'convention', pos: block.uuidPos };
}

function resolveIn(root: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(root, p);
}
