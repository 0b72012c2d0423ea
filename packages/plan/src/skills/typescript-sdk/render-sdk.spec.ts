import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildContract } from '../openapi-contract';
import { renderSdk, SDK_FILES, sdkOperations } from './index';

// The SDK's own tests (against Prism and the real service) need the workspace's packages and run
// in e2e/api-service.e2e.ts; here: the generated client compiles with tsc and has every operation.
describe('typescript-sdk skill', () => {
  const doc = buildContract({ serviceName: 'payments', resources: ['payments', 'refunds'] });
  const files = renderSdk(doc, { serviceName: 'payments' });

  it('has a typed method per operation and the example, tests and tsconfigs', () => {
    const source = files.get('sdk/src/index.ts')!;
    for (const op of sdkOperations(doc)) expect(source).toContain(`    ${op.operationId}: (`);
    expect(source).toContain('getPayment: (paymentId: string): Promise<Payment>');
    expect(source).toContain('listRefunds: (query: { limit?: number; cursor?: string } = {}): Promise<RefundPage>');
    expect(source).toContain('export type PaymentCreate = {');
    for (const file of Object.values(SDK_FILES)) expect(files.has(file)).toBe(true);
    expect(files.get('sdk/test/support/real-service.ts')).toContain("from '../../../api/src/app.js'");
  });

  it('compiles with tsc (client and example)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-'));
    try {
      for (const [file, content] of files) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), content);
      }
      const tsc = require.resolve('typescript/bin/tsc');
      // tsc prints its errors on stdout; '' when it passes.
      const compile = (project: string, ...extra: string[]) => {
        try {
          execFileSync(process.execPath, [tsc, '-p', join(dir, project), ...extra], { stdio: 'pipe' });
          return '';
        } catch (error) {
          return String((error as { stdout?: Buffer }).stdout ?? error);
        }
      };
      // The example needs @types/node for process/console: give it the repository's.
      const types = ['--typeRoots', join(__dirname, '../../../../../node_modules/@types')];
      expect(compile('sdk/tsconfig.json')).toBe('');
      expect(compile('sdk/examples/tsconfig.json', ...types)).toBe('');
      const example = files.get('sdk/examples/usage.ts')!.replace("console.log('created', created.id);", 'const n: number = created.id;');
      writeFileSync(join(dir, 'sdk/examples/usage.ts'), example);
      expect(compile('sdk/examples/tsconfig.json', ...types)).toMatch(/usage\.ts\(\d+,\d+\): error TS2322/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
