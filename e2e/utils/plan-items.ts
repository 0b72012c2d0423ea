import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunResult, Workspace } from './workspace';

/**
 * What the acceptance suites share about one generated plan in a workspace: its item rows from
 * `plan status <plan> --json`, editing one of its files (a mutation that changes nothing is a
 * broken test, so it throws), restoring the workspace from git, and "which items fail after this
 * mutation" (verify, read the failed items, restore).
 */
export interface Finding {
  file: string;
  line?: number;
  column?: number;
  message: string;
  rule: string;
}

export interface ItemRow {
  id: string;
  status: string;
  firstFinding?: Finding;
}

/** One unit (stream, integration point, success criteria) of `plan status --json`. */
export interface StatusRow {
  key: string;
  kind: string;
  status: string;
  items: ItemRow[];
}

export interface PlanItemsOptions {
  /** How the suite verifies the plan; `nx run-many -t verify` unless the suite needs more (e.g. no network). */
  verify?: (ws: Workspace) => RunResult;
}

export class PlanItems {
  constructor(
    readonly ws: Workspace,
    readonly plan: string,
    private readonly options: PlanItemsOptions = {},
  ) {}

  /** Absolute path of a file of the plan's folder. */
  file(relative: string): string {
    return path.join(this.ws.root, this.plan, relative);
  }

  /** Rewrites a file of the plan; throws when the change leaves it as it was. */
  edit(relative: string, change: (text: string) => string): void {
    const before = readFileSync(this.file(relative), 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`mutation of ${relative} changed nothing`);
    writeFileSync(this.file(relative), after);
  }

  /** Puts every tracked file of the workspace back as committed. */
  restore(): void {
    this.ws.sh('git', ['checkout', '--', '.']);
  }

  /** The units of `plan status <plan> --json` (exit 1 is "not everything verified", not an error). */
  rows(): StatusRow[] {
    const run = this.ws.plan('status', this.plan, '--json');
    if (run.code !== 0 && run.code !== 1) throw new Error(`plan status failed:\n${run.output}`);
    return JSON.parse(run.stdout).rows as StatusRow[];
  }

  items(): ItemRow[] {
    return this.rows().flatMap((r) => r.items);
  }

  verify(): RunResult {
    return this.options.verify ? this.options.verify(this.ws) : this.ws.nx('run-many', '-t', 'verify');
  }

  /** Applies the mutation, verifies (which must fail), returns the failed items and restores the workspace. */
  failedAfter(mutate: () => void): ItemRow[] {
    mutate();
    try {
      const run = this.verify();
      if (run.code === 0) throw new Error(`verify passed after the mutation; it should have failed:\n${run.output}`);
      return this.items().filter((i) => i.status === 'failed');
    } finally {
      this.restore();
    }
  }
}

/** Item ids, sorted, for order-free comparisons. */
export const ids = (rows: ItemRow[]): string[] => rows.map((i) => i.id).sort();
