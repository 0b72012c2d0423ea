import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckUsageError, Finding } from '../contract';
import { isRecord } from '../api-documents/load-document';
import { loadOpenApi, OpenApiContract } from './load-openapi';

/**
 * The OpenAPI contract a check compares something else against (`with.contract`): loaded with
 * its `$ref`s followed. Its own soundness is validate-openapi's job; here a contract that cannot
 * be read at all is one finding under the calling check's rule prefix, on the contract's file.
 */
export function loadContractOption(
  given: string | undefined,
  cwd: string,
  check: string,
): { contract: OpenApiContract } | { findings: Finding[] } {
  if (!given) throw new CheckUsageError(`${check} needs the OpenAPI contract to compare against: pass --contract <openapi.yaml>.`);
  const { contract, findings } = cachedLoad(given, cwd);
  if (contract) return { contract };
  return {
    findings: findings.map((f) => ({
      ...f,
      rule: `${check.split('-')[0]}/contract-unreadable`,
      message: `The contract cannot be read, so nothing was compared: ${f.message}`,
    })),
  };
}

/**
 * The path prefix every operation is served under: the path part of the first server's URL
 * (`https://api.example.com/v1` → `/v1`, server variables at their defaults), '' when none.
 */
export function serverBasePath(contract: OpenApiContract): string {
  const root = contract.bundled.value;
  const servers = isRecord(root) && Array.isArray(root.servers) ? root.servers : [];
  const first = servers[0];
  if (!isRecord(first) || typeof first.url !== 'string') return '';
  const variables = isRecord(first.variables) ? first.variables : {};
  const url = first.url.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
  const pathPart = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') : url;
  return pathPart.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

/**
 * Contracts already loaded in this process, reused while every file they were read from has the
 * same content (batch runs and several checks judge one contract; loading a large one costs
 * tens of milliseconds). Keyed by the path as given too, since findings show it.
 */
const loaded = new Map<string, { hashes: [string, string][]; contract: OpenApiContract }>();
const MAX_CACHED = 8;

function cachedLoad(given: string, cwd: string): ReturnType<typeof loadOpenApi> {
  const key = `${path.resolve(cwd, given)}\u0000${given}`;
  const hit = loaded.get(key);
  if (hit && hit.hashes.every(([file, hash]) => hashOf(file) === hash)) return { contract: hit.contract, findings: [] };
  const result = loadOpenApi(given, cwd);
  if (result.contract && result.findings.length === 0) {
    if (loaded.size >= MAX_CACHED) loaded.delete(loaded.keys().next().value!);
    loaded.set(key, { hashes: result.contract.set.documents.map((d) => [d.file, hashOf(d.file)]), contract: result.contract });
  }
  return result;
}

function hashOf(file: string): string {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return '';
  }
}
