import { isDone } from '../../checks/evidence';
import { readRecordedState } from '../../checks/recorded-results';

/**
 * An aggregate target (the plan's `verify`, a phase) as a gate over the results its dependencies
 * just recorded: it succeeds only when every unit is verified or attested. A unit that awaits
 * attestation lets the units after it run, but never lets the aggregate pass.
 */
export function gateReport(planDir: string, keys: string[], label: string, planShown: string): { ok: boolean; text: string } {
  const open: string[] = [];
  for (const key of keys) {
    const state = readRecordedState(planDir, key);
    if (!state) open.push(`${key}: no result recorded (did not run)`);
    else if (!isDone(state.status)) {
      const items = (state.items ?? []).filter((i) => !isDone(i.status)).map((i) => `${i.id} ${i.status}`);
      open.push(`${key}: ${state.status}${items.length ? ` (${items.join(', ')})` : ''}`);
    }
  }
  if (!open.length) return { ok: true, text: `✔ ${label}: all ${keys.length} verified or attested\n` };
  return {
    ok: false,
    text:
      [
        `✖ ${label}: ${keys.length - open.length} of ${keys.length} verified or attested; not done:`,
        ...open.map((line) => `    ${line}`),
      ].join('\n') + `\n  Details and what to do: npx plan status ${planShown}\n`,
  };
}
