import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { captureIO } from '../../testing/capture-io';
import { FILLED_TEMPLATES } from '../../testing/filled-templates';
import { importCommand } from './import';
import { statusCommand } from './status';

/**
 * Issue 10's acceptance for the six seed-001 templates filled with our own values: imported with
 * `plan import`, the kind is right, every item appears in `plan status` with a state, nothing is
 * verified before any work (`--strict` exits 1), and the integration points and success criteria
 * are units of their own.
 */
describe.each(FILLED_TEMPLATES.map((t) => [t.template, t.kind, t.markdown] as const))('filled Template %i (%s)', (_, kind, markdown) => {
  it('imports as its kind; plan status lists every item with a state, nothing verified, --strict exits 1', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'plan-filled-'));
    writeFileSync(path.join(root, 'PLAN.md'), markdown);
    const imported = captureIO(root);
    expect(await importCommand(['PLAN.md', '--directory', 'plan', '--name', 'filled'], imported)).toBe(0);
    expect(imported.stdout).toContain(`(plan "filled", ${kind},`);

    const io = captureIO(root);
    expect(await statusCommand(['plan', '--no-nx', '--json', '--strict'], io)).toBe(1);
    const status = JSON.parse(io.stdout);
    const documentItems = [...markdown.matchAll(/^- \[ \] (.+?)(?: \(Priority: \w+\))?$/gm)].map((m) => m[1]);
    const rows: { kind: string; items: { id: string; text: string; status: string }[] }[] = status.rows;
    const listed = rows.flatMap((r) => r.items);
    expect(listed.map((i) => i.text).sort()).toEqual([...documentItems].sort());
    for (const item of listed) expect(['unproven', 'failed', 'blocked']).toContain(item.status);
    expect(status.itemCounts.verified + status.itemCounts.attested).toBe(0);
    expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['integration', 'success']));
  });
});
