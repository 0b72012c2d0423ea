import type { Severity } from '../contract';
import type { Instr, Position } from './parse';
import type { DockerfileRule } from './rule-catalogue';

/** A finding before it gets its file: the scan turns these into contract Findings. */
export interface RawFinding {
  rule: DockerfileRule;
  severity: Severity;
  message: string;
  pos?: Position;
  /** Other ids a `# hadolint ignore=` pragma may use for this finding (e.g. DL3064 for DS-0031). */
  aliases?: string[];
}

export type Emit = (
  rule: DockerfileRule,
  severity: Severity,
  at: Instr | Position | undefined,
  message: string,
  aliases?: string[],
) => void;

/** Collects RawFindings; `at` may be an instruction (its range) or a position. */
export function collector(): { findings: RawFinding[]; emit: Emit } {
  const findings: RawFinding[] = [];
  const emit: Emit = (rule, severity, at, message, aliases) => {
    const finding: RawFinding = { rule, severity, message };
    if (at) finding.pos = 'pos' in at ? at.pos : at;
    if (aliases) finding.aliases = aliases;
    findings.push(finding);
  };
  return { findings, emit };
}
