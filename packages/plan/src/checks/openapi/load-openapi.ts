import * as path from 'node:path';
import { Finding } from '../contract';
import { ContractSchemas } from '../api-documents/ajv';
import { Bundle, bundle, BundledNode, derefLocal } from '../api-documents/bundle';
import { findingAt, sourceOf } from '../api-documents/located-finding';
import { DocumentSet, DocumentSetRule } from '../api-documents/document-set';
import { isRecord, LoadedDocument } from '../api-documents/load-document';

export type OpenApiVersion = '3.0' | '3.1';

/** An OpenAPI contract loaded with all its files, ready for rules and validation. */
export interface OpenApiContract {
  set: DocumentSet;
  root: LoadedDocument;
  /** `openapi` field as written (e.g. "3.0.3"). */
  openapi: string;
  version: OpenApiVersion;
  bundled: Bundle;
  /** Validators of the contract's schemas (examples, response bodies). */
  schemas: ContractSchemas;
}

/**
 * Loads the OpenAPI document at `given` (relative to `cwd`) and every file it references.
 * Returns the findings so far (unreadable, unparsable, unsupported version, unresolved `$ref`s)
 * and the contract when it could be read as OpenAPI 3.0 or 3.1.
 */
/** What loading an OpenAPI contract reports (validate-openapi, contract-test and other checks of OpenAPI contracts declare these). */
export type OpenApiLoadRule = DocumentSetRule<'openapi', 'version-unsupported'>;

export function loadOpenApi(given: string, cwd: string): { contract?: OpenApiContract; findings: Finding<OpenApiLoadRule>[] } {
  const set = new DocumentSet<'openapi', 'version-unsupported'>('openapi');
  const root = set.load(path.resolve(cwd, given), given);
  if (!root) return { findings: set.findings };
  const openapi = isRecord(root.value) ? root.value.openapi : undefined;
  const version =
    typeof openapi === 'string'
      ? /^3\.0\.\d+(-.+)?$/.test(openapi)
        ? '3.0'
        : /^3\.1\.\d+(-.+)?$/.test(openapi)
          ? '3.1'
          : undefined
      : undefined;
  if (!version || typeof openapi !== 'string') {
    const written =
      isRecord(root.value) && 'swagger' in root.value ? `swagger: ${String(root.value.swagger)}` : `openapi: ${JSON.stringify(openapi)}`;
    set.fail('version-unsupported', `not an OpenAPI 3.0 or 3.1 document (${written}): set "openapi: 3.0.3" or "openapi: 3.1.0"`, {
      document: root,
      segments: isRecord(root.value) && 'openapi' in root.value ? ['openapi'] : [],
    });
    return { findings: set.findings };
  }
  set.checkReferences(root);
  const bundled = bundle(set, root);
  const schemas = new ContractSchemas(version === '3.0' ? 'oas30' : 'oas31', set.documents);
  return { contract: { set, root, openapi, version, bundled, schemas }, findings: set.findings };
}

export type { BundledNode };

/** `derefLocal` over the contract's bundle. */
export function derefBundled(contract: OpenApiContract, node: BundledNode): BundledNode | undefined {
  return derefLocal(contract.bundled, node);
}

export { findingAt, sourceOf };
