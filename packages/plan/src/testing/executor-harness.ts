import { Console } from 'node:console';
import { rmSync } from 'node:fs';

/**
 * For specs that run the verify executor in-process: Node's plain console while they run (Jest's
 * adds source locations to every line; Nx runs executors with the plain one), and the temporary
 * workspaces they push onto the returned list removed afterwards.
 */
export function useExecutorHarness(): string[] {
  const roots: string[] = [];
  const jestConsole = global.console;
  beforeAll(() => void (global.console = new Console({ stdout: process.stdout, stderr: process.stderr })));
  afterAll(() => {
    global.console = jestConsole;
    roots.forEach((r) => rmSync(r, { recursive: true, force: true }));
  });
  return roots;
}
