import { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { createAjv } from '../api-documents/ajv';
import { findingAt } from '../api-documents/located-finding';
import { Segments } from '../api-documents/load-document';
import { selectSchemaErrors } from '../api-documents/schema-errors';
import { Finding } from '../contract';
import { AsyncApiContract, officialSchemaFile } from './load-asyncapi';
import type { AsyncApiRule } from './rule-catalogue';

/** The official AsyncAPI schemas; the `$id`-less variants compile under ajv (draft-07). */
const validators = new Map<string, ValidateFunction>();

function officialValidator(version: string): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    const schema = JSON.parse(readFileSync(officialSchemaFile(version)!, 'utf8'));
    validate = createAjv('draft07').compile(schema);
    validators.set(version, validate);
  }
  return validate;
}

/** Structure per the specification: the bundled document against the official schema (and where it failed). */
export function structureFindings(contract: AsyncApiContract): { findings: Finding<AsyncApiRule>[]; at: Segments[] } {
  const validate = officialValidator(contract.asyncapi);
  if (validate(contract.bundled.value)) return { findings: [], at: [] };
  const problems = selectSchemaErrors(validate.errors);
  const findings = problems.map((problem) =>
    findingAt(
      contract,
      problem.segments,
      'asyncapi/structure',
      `${problem.pointer || '/'}: ${problem.message} (AsyncAPI ${contract.asyncapi} specification)`,
      'error',
      problem.atKey,
    ),
  );
  return { findings, at: problems.map((p) => p.segments) };
}
