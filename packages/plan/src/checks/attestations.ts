import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Item, Task } from '../model/plan-schema';
import { CheckUsageError } from './contract';

/**
 * Attestations: evidence a person or an agent records for a task that no automatic check proves.
 * They live in `attestations.json` beside plan.yaml (an Nx input of every task target) and bind
 * to the content of the task's files: when any of them changes, the attestation no longer stands.
 * The same file keeps the approvals of imported commands (approvals.ts).
 */

export const ATTESTATIONS_FILE = 'attestations.json';

/** Marks a file the task lists that does not exist (its content hash in an attestation). */
const MISSING = 'missing';

export interface Attestation {
  by: string;
  /** ISO 8601 time of the attestation. */
  at: string;
  note: string;
  /** `git rev-parse HEAD` of the plan folder's repository, when it is one. */
  commit?: string;
  /** sha256 over `files` (path and content hash of each). */
  contentHash: string;
  /** Each file the attestation covers → sha256 of its content, or "missing". */
  files: Record<string, string>;
  /** For an item: its text when attested (a reworded item is another claim). */
  text?: string;
}

/** A person's approval of one imported command (approvals.ts), keyed by the command's hash. */
export interface Approval {
  command: string;
  /** Environment variable names the command receives (with.env): part of what was approved. */
  env: string[];
  by: string;
  at: string;
}

export interface AttestationsDocument {
  version: 1;
  attestations: Record<string, Attestation>;
  /** Attestations of checklist items, by item id ("A.3", "integration-1.2", "success.4"). */
  items?: Record<string, Attestation>;
  approvals?: Record<string, Approval>;
}

/** Reads `attestations.json` of a plan folder; an absent file is an empty document. */
export function readAttestations(planDir: string): AttestationsDocument {
  const file = path.join(planDir, ATTESTATIONS_FILE);
  if (!existsSync(file)) return { version: 1, attestations: {} };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CheckUsageError(`${file} is not valid JSON (${(error as Error).message}): fix it or delete it and attest again.`);
  }
  const problem = shapeProblem(data);
  if (problem) throw new CheckUsageError(`${file}: ${problem}: fix it or delete it and attest again.`);
  return data as AttestationsDocument;
}

export function writeAttestations(planDir: string, doc: AttestationsDocument): void {
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  const approvals = doc.approvals && Object.keys(doc.approvals).length ? { approvals: sorted(doc.approvals) } : {};
  const items = doc.items && Object.keys(doc.items).length ? { items: sorted(doc.items) } : {};
  const text = JSON.stringify({ version: 1, attestations: sorted(doc.attestations), ...items, ...approvals }, null, 2) + '\n';
  writeFileSync(path.join(planDir, ATTESTATIONS_FILE), text);
}

function shapeProblem(data: unknown): string | undefined {
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.attestations)) return 'expected { "version": 1, "attestations": { ... } }';
  if (data.items !== undefined && !isRecord(data.items)) return '"items" is not an object';
  for (const [key, a] of [...Object.entries(data.attestations), ...Object.entries(isRecord(data.items) ? data.items : {})]) {
    if (!isRecord(a)) return `attestation "${key}" is not an object`;
    for (const field of ['by', 'at', 'note', 'contentHash'] as const)
      if (typeof a[field] !== 'string' || a[field] === '') return `attestation "${key}" has no "${field}"`;
    if (!isRecord(a.files) || Object.values(a.files).some((v) => typeof v !== 'string'))
      return `attestation "${key}" has no "files" map (path → content hash)`;
    if (a.text !== undefined && typeof a.text !== 'string') return `attestation "${key}" has a "text" that is not a string`;
  }
  if (data.approvals === undefined) return undefined;
  if (!isRecord(data.approvals)) return '"approvals" is not an object';
  for (const [hash, a] of Object.entries(data.approvals)) {
    if (!isRecord(a) || typeof a.command !== 'string' || typeof a.by !== 'string' || typeof a.at !== 'string')
      return `approval "${hash}" needs "command", "by" and "at"`;
    if (!Array.isArray(a.env) || a.env.some((e) => typeof e !== 'string')) return `approval "${hash}" needs "env" (a list of names)`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The plan paths an attestation of `task` covers: the files it lists and its extra inputs. */
export function attestedPaths(task: Task): string[] {
  return [...new Set([...task.files.map((f) => f.path), ...(task.inputs ?? [])])];
}

/** Content hash of each covered file; a folder (`dir/`) contributes every file below it. */
export function fileHashes(planDir: string, paths: readonly string[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const given of paths) {
    const absolute = path.join(planDir, given);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) hashes[given] = MISSING;
    else if (stat.isDirectory())
      for (const file of filesBelow(absolute)) {
        const relative = path.relative(planDir, file).split(path.sep).join('/');
        // The attestations themselves and the recorded results change with every run: never evidence.
        if (relative !== ATTESTATIONS_FILE && !relative.startsWith('.plan/')) hashes[relative] = sha256(readFileSync(file));
      }
    else hashes[given] = sha256(readFileSync(absolute));
  }
  return Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b)));
}

export function contentHashOf(files: Record<string, string>): string {
  return sha256(
    Object.entries(files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([p, h]) => `${p}\0${h}\n`)
      .join(''),
  );
}

function filesBelow(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesBelow(path.join(folder, e.name)) : e.isFile() ? [path.join(folder, e.name)] : []));
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The commit checked out where the plan lives, or undefined outside a git repository. */
export function gitCommitOf(dir: string): string | undefined {
  const run = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return run.status === 0 && /^[0-9a-f]{40,64}$/.test(run.stdout.trim()) ? run.stdout.trim() : undefined;
}

/** A new attestation of `task` over the current content of its files. */
export function attest(task: Task, planDir: string, by: string, note: string, now = new Date()): Attestation {
  const files = fileHashes(planDir, attestedPaths(task));
  const commit = gitCommitOf(planDir);
  return { by, at: now.toISOString(), note, ...(commit ? { commit } : {}), contentHash: contentHashOf(files), files };
}

/** Whether an attestation still stands for the task as its files are now. */
export type AttestationState =
  { state: 'none' } | { state: 'current'; attestation: Attestation } | { state: 'stale'; attestation: Attestation; changed: string[] };

export function attestationState(task: Task, planDir: string, doc: AttestationsDocument): AttestationState {
  const attestation = Object.prototype.hasOwnProperty.call(doc.attestations, task.key) ? doc.attestations[task.key] : undefined;
  return stateOf(attestation, planDir, attestedPaths(task));
}

function stateOf(attestation: Attestation | undefined, planDir: string, paths: string[], text?: string): AttestationState {
  if (!attestation) return { state: 'none' };
  const now = fileHashes(planDir, paths);
  const sameText = text === undefined || attestation.text === text;
  if (sameText && contentHashOf(now) === attestation.contentHash && contentHashOf(attestation.files) === attestation.contentHash)
    return { state: 'current', attestation };
  const changed = [...new Set([...Object.keys(now), ...Object.keys(attestation.files)])]
    .filter((p) => now[p] !== attestation.files[p])
    .sort();
  return { state: 'stale', attestation, changed: sameText ? changed : ['the item text', ...changed] };
}

/**
 * The plan paths an attestation of an item covers: the files and inputs it lists, else those of
 * the task (stream) it belongs to, where its evidence then lives.
 */
export function itemAttestedPaths(item: Item, task: Task): string[] {
  const own = [...new Set([...item.files.map((f) => f.path), ...(item.inputs ?? [])])];
  return own.length ? own : attestedPaths(task);
}

/** A new attestation of an item over the current content of its files (and its text). */
export function attestItem(item: Item, task: Task, planDir: string, by: string, note: string, now = new Date()): Attestation {
  const files = fileHashes(planDir, itemAttestedPaths(item, task));
  const commit = gitCommitOf(planDir);
  return { by, at: now.toISOString(), note, ...(commit ? { commit } : {}), contentHash: contentHashOf(files), files, text: item.text };
}

/** Whether an item's attestation stands: same files, same text. */
export function itemAttestationState(item: Item, task: Task, planDir: string, doc: AttestationsDocument): AttestationState {
  const id = item.id ?? '';
  const attestation = doc.items && Object.prototype.hasOwnProperty.call(doc.items, id) ? doc.items[id] : undefined;
  return stateOf(attestation, planDir, itemAttestedPaths(item, task), item.text);
}

/** "by Ada on 2026-12-01" */
export function attestedBy(a: Attestation): string {
  return `by ${a.by} on ${a.at.slice(0, 10)}`;
}
