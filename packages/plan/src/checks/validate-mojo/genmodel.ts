import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Optional deep check: loads the MOJO with the user's own h2o-genmodel jar, through a tiny Java
 * program run with Java's single-file source launcher (`java -cp <jar> LoadMojo.java <mojo>`,
 * JDK 11+). MojoModel.load reads zips and exploded folders alike.
 */
const LOADER = `
public class LoadMojo {
  public static void main(String[] args) throws Exception {
    hex.genmodel.MojoModel model = hex.genmodel.MojoModel.load(args[0]);
    System.out.println("LOADED " + model.getClass().getName() + " category=" + model.getModelCategory() + " features=" + model.nfeatures());
  }
}
`;

export type DeepOutcome = { ok: true; output: string } | { ok: false; kind: 'java-missing' | 'load-failed' | 'timeout'; output: string };

export function javaExecutable(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
}

export async function loadWithGenmodel(jar: string, mojo: string, timeoutMs = 120_000): Promise<DeepOutcome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'validate-mojo-'));
  const source = path.join(dir, 'LoadMojo.java');
  writeFileSync(source, LOADER);
  try {
    return await new Promise<DeepOutcome>((resolve) => {
      let output = '';
      const child = spawn(javaExecutable(), ['-cp', jar, source, mojo], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-16384);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ ok: false, kind: 'timeout', output });
      }, timeoutMs);
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ ok: false, kind: error.code === 'ENOENT' ? 'java-missing' : 'load-failed', output: error.message });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(
          code === 0 && output.includes('LOADED ')
            ? { ok: true, output: output.trim() }
            : { ok: false, kind: 'load-failed', output: output.trim() },
        );
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
