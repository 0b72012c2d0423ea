import * as path from 'node:path';
import { Finding, Severity } from '../contract';
import type { MojoRule } from './rule-catalogue';

/**
 * Where findings point. A zip's entries are not files on disk, so for a zip every finding keeps
 * `file` = the path as given and names the entry (and line) in the message:
 * "model.ini line 12: ...". In an exploded folder the entry is a real file: `file` is
 * path.join(given, entry) and `line`/`column` are set.
 */
export class Reporter {
  readonly findings: Finding<MojoRule>[] = [];

  constructor(
    readonly given: string,
    readonly kind: 'zip' | 'folder',
  ) {}

  add(rule: MojoRule, severity: Severity, message: string, at: { entry?: string; line?: number; column?: number } = {}): void {
    if (this.kind === 'folder' && at.entry) {
      const finding: Finding<MojoRule> = { rule, severity, message, file: path.join(this.given, at.entry) };
      if (at.line !== undefined) {
        finding.line = at.line;
        finding.column = at.column ?? 1;
      }
      this.findings.push(finding);
      return;
    }
    const where = at.entry ? `${at.entry}${at.line !== undefined ? ` line ${at.line}` : ''}: ` : '';
    this.findings.push({ rule, severity, message: `${where}${message}`, file: this.given });
  }

  error(rule: MojoRule, message: string, at?: { entry?: string; line?: number; column?: number }): void {
    this.add(rule, 'error', message, at);
  }

  warn(rule: MojoRule, message: string, at?: { entry?: string; line?: number; column?: number }): void {
    this.add(rule, 'warning', message, at);
  }

  hasErrors(): boolean {
    return this.findings.some((f) => f.severity === 'error');
  }
}
