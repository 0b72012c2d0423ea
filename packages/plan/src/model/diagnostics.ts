/** An error in a plan document, located at file:line:col (1-based). */
export interface PlanDiagnostic {
  /** `input`: the file's size or encoding; `check`: a task's check name or options. */
  code: 'input' | 'yaml' | 'schema' | 'graph' | 'markdown' | 'check';
  message: string;
  file: string;
  line: number;
  column: number;
  /** The offending key, e.g. `phases[0].tasks[1].dependsOn[0]`. */
  path?: string;
}

export function formatDiagnostic(d: PlanDiagnostic): string {
  const where = d.path ? `  (${escapeControl(d.path)})` : '';
  return `${escapeControl(d.file)}:${d.line}:${d.column}  error  ${escapeControl(d.message)}${where}`;
}

/**
 * Characters that would let a file name or a quoted value steer the terminal or hide text:
 * C0 controls except tab and newline, DEL, C1 controls (ESC starts every ANSI sequence), and the
 * bidi embeddings/overrides/isolates (U+202A–202E, U+2066–2069) of "Trojan Source".
 */
export const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Shows unsafe characters as escapes (`\x1b`, `\u202e`); everything printed from input goes through here. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
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
