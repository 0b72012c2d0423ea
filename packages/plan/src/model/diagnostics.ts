/** An error in a plan document, located at file:line:col (1-based). */
export interface PlanDiagnostic {
  code: 'yaml' | 'schema' | 'graph' | 'markdown';
  message: string;
  file: string;
  line: number;
  column: number;
  /** The offending key, e.g. `phases[0].tasks[1].dependsOn[0]`. */
  path?: string;
}

export function formatDiagnostic(d: PlanDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}  error  ${d.message}${d.path ? `  (${d.path})` : ''}`;
}

export function formatDiagnostics(diagnostics: PlanDiagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}

/** Thrown by callers that need a Plan or nothing; carries every diagnostic. */
export class PlanError extends Error {
  override name = 'PlanError';
  constructor(readonly diagnostics: PlanDiagnostic[]) {
    super(formatDiagnostics(diagnostics));
  }
}

export function pathToString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
