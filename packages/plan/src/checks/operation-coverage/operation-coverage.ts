import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { sortFindings } from '../contract-files/read-input';
import { loadContractOption } from '../openapi/contract-option';
import { findingAt } from '../openapi/load-openapi';
import { listOperations, Operation, operationLabel, templatePattern } from '../openapi/operations';
import { isSourceFile, readUsage, SourceUsage } from './find-calls';
import { OperationCoverageRule, rules } from './rule-catalogue';

interface CoverageOptions {
  contract?: string;
  client?: string;
  basePath?: string;
}

const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', '.git']);

/**
 * The frontend against the contract, statically: every operation of the OpenAPI contract is
 * defined by the generated client and called from the app's sources, and every request the
 * sources write out (client operation names, fetch and request calls with literal paths) is an
 * operation of the contract. A page calling something the contract lacks is a finding at that
 * call's file:line:col, even where TypeScript cannot see it (fetch with a string URL).
 */
export const check: CheckDefinition<CoverageOptions, OperationCoverageRule> = {
  name: 'operation-coverage',
  rules,
  summary:
    'Web sources against the OpenAPI contract: every operation defined by the client and called, no call to an operation the contract lacks',
  pathsDescription: 'source folders or files of the web app (.ts/.tsx/.js), e.g. web/src',
  options: [
    { name: 'contract', type: 'string', description: 'The OpenAPI contract (openapi.yaml)' },
    {
      name: 'client',
      type: 'string',
      description: 'The generated client module, e.g. web/src/api/client.ts (its calls count as the client)',
    },
    { name: 'basePath', type: 'string', description: 'Prefix the app puts before contract paths (e.g. /api for a dev proxy)', default: '' },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('operation-coverage needs the web sources to read, e.g. web/src.');
    const loaded = loadContractOption(options.contract, context.cwd, 'operation-coverage');
    if ('findings' in loaded)
      return resultOf(
        'operation-coverage',
        loaded.findings.map((f) => ({ ...f, rule: 'operation/contract-unreadable' as const })),
      );
    const { contract } = loaded;
    const operations = listOperations(contract);
    const findings: Finding<OperationCoverageRule>[] = [];

    const clientFile = options.client ? path.resolve(context.cwd, options.client) : undefined;
    if (options.client && !existsSync(clientFile as string)) {
      findings.push({
        rule: 'operation/client-missing',
        severity: 'error',
        message: `The client module ${options.client} does not exist: generate it from the contract or fix the client option.`,
        file: options.client,
      });
    }

    const files = await sourceFiles(paths, context.cwd, findings);
    const display = (absolute: string) => path.relative(context.cwd, absolute) || absolute;
    const exists = (file: string) => existsSync(file) && statSync(file).isFile();
    const usages: { file: string; usage: SourceUsage }[] = [];
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8');
      usages.push({ file, usage: readUsage(file, text, clientFile, exists) });
    }
    if (clientFile && exists(clientFile) && !files.includes(clientFile)) {
      usages.push({ file: clientFile, usage: readUsage(clientFile, await fs.readFile(clientFile, 'utf8'), clientFile, exists) });
    }

    const byId = new Map(operations.filter((op) => op.operationId).map((op) => [op.operationId as string, op]));
    const patterns = operations.map((op) => ({ op, pattern: templatePattern(op.path) }));
    const basePath = (options.basePath ?? '').replace(/\/+$/, '');
    const match = (method: string, written: string): Operation | undefined => {
      const stripped = basePath && written.startsWith(basePath + '/') ? written.slice(basePath.length) : written;
      return patterns.find(({ op, pattern }) => op.method === method && pattern.test(stripped))?.op;
    };

    /** A finding at an operation's place in the contract (file and line it came from). */
    const placed = (rule: OperationCoverageRule, op: Operation, message: string): Finding<OperationCoverageRule> => ({
      ...findingAt(contract, op.segments, rule, message, 'error', true),
      rule,
    });
    const called = new Set<Operation>();
    const defined = new Set<string>();
    for (const { file, usage } of usages) {
      const isClient = file === clientFile;
      if (isClient) for (const name of usage.definitions.keys()) defined.add(name);
      for (const call of usage.clientCalls) {
        const op = byId.get(call.name);
        if (op) {
          called.add(op);
          continue;
        }
        if (!call.certain) continue;
        findings.push({
          rule: 'operation/unknown-operation',
          severity: 'error',
          message: `Calls client operation "${call.name}", which the contract does not define: add it to the contract (and regenerate the client) or call one of ${[...byId.keys()].join(', ')}.`,
          file: display(file),
          line: call.line,
          column: call.column,
        });
      }
      for (const call of usage.httpCalls) {
        const op = match(call.method, call.path);
        if (op) {
          if (!isClient) called.add(op);
          continue;
        }
        findings.push({
          rule: 'operation/undocumented-call',
          severity: 'error',
          message: `Requests ${call.method.toUpperCase()} ${call.written}, which is no operation of the contract${basePath ? ` (base path ${basePath})` : ''}: add the operation to the contract first, or call a documented one through the client.`,
          file: display(file),
          line: call.line,
          column: call.column,
        });
      }
      if (!isClient) {
        for (const call of usage.dynamicCalls) {
          findings.push({
            rule: 'operation/dynamic-call',
            severity: 'warning',
            message: `${call.callee} with a computed URL cannot be compared with the contract: call the operation through the generated client instead.`,
            file: display(file),
            line: call.line,
            column: call.column,
          });
        }
      }
    }

    for (const op of operations) {
      const name = op.operationId ?? operationLabel(op);
      if (clientFile && op.operationId && !defined.has(op.operationId)) {
        findings.push(
          placed(
            'operation/not-in-client',
            op,
            `${operationLabel(op)} (${name}) has no function in the client ${options.client}: regenerate the client from the contract.`,
          ),
        );
      }
      if (!called.has(op)) {
        findings.push(
          placed(
            'operation/uncalled',
            op,
            `${operationLabel(op)} (${name}) is called nowhere in ${paths.join(', ')}: give it a page or form that calls the client's ${name}.`,
          ),
        );
      }
    }

    return resultOf<OperationCoverageRule>('operation-coverage', sortFindings(findings) as Finding<OperationCoverageRule>[], {
      operations: operations.length,
      called: called.size,
      files: files.length,
      calls: Object.fromEntries(operations.map((op) => [op.operationId ?? operationLabel(op), called.has(op)])),
    });
  },
};

/** Source files under the given paths, sorted; missing paths and oversized files are findings. */
async function sourceFiles(paths: string[], cwd: string, findings: Finding<OperationCoverageRule>[]): Promise<string[]> {
  const out = new Set<string>();
  const walk = async (absolute: string): Promise<void> => {
    const entries = await fs.readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      const child = path.join(absolute, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) await walk(child);
      else if (entry.isFile() && isSourceFile(child)) out.add(child);
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) {
      findings.push({
        rule: 'operation/not-found',
        severity: 'error',
        message: 'Path does not exist: give the web app sources, e.g. web/src.',
        file: given,
      });
    } else if (stat.isDirectory()) await walk(absolute);
    else out.add(absolute);
  }
  const files = [...out].sort();
  return files.filter((file) => {
    const size = statSync(file).size;
    if (size <= MAX_SOURCE_BYTES) return true;
    findings.push({
      rule: 'operation/too-large',
      severity: 'error',
      message: `Source file is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB and was not read: generated bundles do not belong in the sources.`,
      file: path.relative(cwd, file),
    });
    return false;
  });
}
