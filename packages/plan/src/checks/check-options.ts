import './builtin';
import type { CheckRefIssue, LoadOptions, LoadResult } from '../model/loader';
import * as path from 'node:path';
import { parsePlanYaml } from '../model/loader';
import { PLAN_YAML_MAX_BYTES, readSourceFile } from '../model/source-text';
import { checkNames, hasCheck, optionsSchemaOf } from './registry';
import { closest } from './validate-ml-config/load-config';

/**
 * One rule for a check's name and options, used by `plan validate`, by every load of a plan through
 * the checks layer, and by runCheck: an unknown check (with the nearest name), an unknown option
 * (with the nearest and the allowed ones), a wrong value (with what the schema expects).
 */

/** Problems of one `checks[]` entry of a plan: `uses` and `with` (whose `paths` every check takes). */
export function checkRefProblems(uses: string, options: Record<string, unknown> | undefined): CheckRefIssue[] {
  if (!hasCheck(uses)) {
    const near = closest(uses, checkNames());
    return [
      {
        path: ['uses'],
        at: 'value',
        message: `Unknown check "${uses}"${near ? ` (did you mean "${near}"?)` : ''}: known checks are ${checkNames().join(', ')}.`,
      },
    ];
  }
  const { paths, ...rest } = options ?? {};
  const issues: CheckRefIssue[] = [];
  if (paths !== undefined && typeof paths !== 'string' && !(Array.isArray(paths) && paths.every((p) => typeof p === 'string')))
    issues.push({ path: ['with', 'paths'], at: 'value', message: `Option "paths" of check "${uses}" must be a path or a list of paths.` });
  for (const p of optionProblems(uses, rest, ['paths'])) issues.push({ ...p, path: ['with', ...p.path] });
  return issues;
}

/**
 * Problems of a check's options against its schema; `path` is inside the options. `alsoAllowed`
 * names keys the caller takes itself (plan.yaml's `paths`), for the list in the message.
 */
export function optionProblems(name: string, options: Record<string, unknown>, alsoAllowed: string[] = []): CheckRefIssue[] {
  const schema = optionsSchemaOf(name);
  if (!schema) return [];
  const parsed = schema.safeParse(options);
  if (parsed.success) return [];
  const allowed = [...alsoAllowed, ...Object.keys(schema.shape)];
  return parsed.error.issues.flatMap((issue): CheckRefIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const near = closest(key, allowed);
        return {
          path: [...path, key],
          at: 'key',
          message: `Check "${name}" has no option "${key}"${near ? ` (did you mean "${near}"?)` : ''}; its options are ${allowed.join(', ') || 'none'}.`,
        };
      });
    }
    return [{ path, at: 'value', message: `Option "${path.join('.')}" of check "${name}": ${issue.message.replace(/\.$/, '')}.` }];
  });
}

/** Plan loading with every check entry validated (the adapters load plans through here). */
export const checkedLoadOptions: LoadOptions = { checkRefs: checkRefProblems };

/**
 * Loads (reads, parses, validates) a plan file. A batch loads the same plan.yaml once per task and
 * more (measured: 0.5 s of CPU of a 7-task ml-app batch), so a load is reused while the file's text
 * and the registered checks are the same; each caller gets its own copy.
 */
export function loadCheckedPlanFile(file: string, displayName: string = file): LoadResult {
  const source = readSourceFile(file, displayName, PLAN_YAML_MAX_BYTES);
  if (source.diagnostic) return { diagnostics: [source.diagnostic] };
  const key = `${path.resolve(file)}\0${displayName}`;
  const registered = checkNames().length;
  const hit = recentLoads.get(key);
  if (hit && hit.text === source.text && hit.registered === registered) return structuredClone(hit.result);
  const result = parsePlanYaml(source.text, displayName, checkedLoadOptions);
  recentLoads.set(key, { text: source.text, registered, result: structuredClone(result) });
  return result;
}

const recentLoads = new Map<string, { text: string; registered: number; result: LoadResult }>();

export function parseCheckedPlanYaml(text: string, file: string): LoadResult {
  return parsePlanYaml(text, file, checkedLoadOptions);
}
