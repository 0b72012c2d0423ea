import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ContractSchemas } from '../api-documents/ajv';
import { Bundle, bundle } from '../api-documents/bundle';
import { DocumentSet, DocumentSetRule } from '../api-documents/document-set';
import { isRecord, LoadedDocument } from '../api-documents/load-document';
import { Finding } from '../contract';

export interface AsyncApiContract {
  set: DocumentSet;
  root: LoadedDocument;
  /** `asyncapi` field as written, e.g. "2.6.0". */
  asyncapi: string;
  major: 2 | 3;
  bundled: Bundle;
  schemas: ContractSchemas;
}

/** Versions with a published JSON Schema (asyncapi/spec-json-schemas, `*-without-$id.json`). */
export function officialSchemaFile(version: string): string | undefined {
  if (!/^[23]\.\d+\.\d+$/.test(version)) return undefined;
  const root = path.dirname(require.resolve('@asyncapi/specs/package.json'));
  const file = path.join(root, 'schemas', `${version}-without-$id.json`);
  return existsSync(file) ? file : undefined;
}

/** Loads an AsyncAPI 2.x or 3.x document and every file its `$ref`s reach. */
export function loadAsyncApi(
  given: string,
  cwd: string,
): { contract?: AsyncApiContract; findings: Finding<DocumentSetRule<'asyncapi', 'version-unsupported'>>[] } {
  const set = new DocumentSet<'asyncapi', 'version-unsupported'>('asyncapi');
  const root = set.load(path.resolve(cwd, given), given);
  if (!root) return { findings: set.findings };
  const asyncapi = isRecord(root.value) ? root.value.asyncapi : undefined;
  if (typeof asyncapi !== 'string' || !officialSchemaFile(asyncapi)) {
    set.fail(
      'version-unsupported',
      `not an AsyncAPI 2.x or 3.x document of a published version (asyncapi: ${JSON.stringify(asyncapi)}): use e.g. "asyncapi: 2.6.0" or "asyncapi: 3.0.0"`,
      { document: root, segments: isRecord(root.value) && 'asyncapi' in root.value ? ['asyncapi'] : [] },
    );
    return { findings: set.findings };
  }
  set.checkReferences(root);
  const bundled = bundle(set, root);
  const schemas = new ContractSchemas('draft07', set.documents);
  return { contract: { set, root, asyncapi, major: asyncapi.startsWith('2.') ? 2 : 3, bundled, schemas }, findings: set.findings };
}
