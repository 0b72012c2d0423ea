import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * GitHub's own workflow parser (@actions/workflow-parser, the one behind the Actions language
 * service) judges each workflow. It is ESM-only and imports its schema as JSON without an import
 * attribute, which Node 20 refuses: it runs in one child node process per check run that
 * registers a small load hook serving JSON as an ES module.
 */
export interface ParsedWorkflow {
  errors: { message: string; line?: number; column?: number; phase: 'parse' | 'convert' }[];
  events: string[];
  jobs: { id: string; needs: string[] }[];
}

const HOOK = `import { readFile } from 'node:fs/promises';
export async function load(url, context, next) {
  if (!url.endsWith('.json')) return next(url, context);
  return { format: 'module', source: 'export default ' + (await readFile(new URL(url), 'utf8')) + ';', shortCircuit: true };
}`;

// Reads [{name, content}] on stdin, writes one ParsedWorkflow per input on stdout.
const SCRIPT = (entry: string) => `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import(${JSON.stringify(entry)});
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const inputs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const POS = /^(.*?) \\(Line: (\\d+), Col: (\\d+)\\): ([\\s\\S]*)$/;
const out = [];
for (const input of inputs) {
  const result = { errors: [], events: [], jobs: [] };
  try {
    const parsed = parseWorkflow({ name: input.name, content: input.content }, new NoOperationTraceWriter());
    for (const e of parsed.context.errors.getErrors()) {
      result.errors.push({ message: e.rawMessage ?? e.message, line: e.range?.start.line, column: e.range?.start.column, phase: 'parse' });
    }
    if (result.errors.length === 0 && parsed.value) {
      const template = await convertWorkflowTemplate(parsed.context, parsed.value);
      for (const e of template.errors ?? []) {
        const m = POS.exec(e.Message);
        result.errors.push(m ? { message: m[4], line: Number(m[2]), column: Number(m[3]), phase: 'convert' } : { message: e.Message.replace(/^[^:]*: /, ''), phase: 'convert' });
      }
      result.events = Object.keys(template.events ?? {});
      result.jobs = (template.jobs ?? []).map((j) => ({ id: j.id?.value ?? String(j.id), needs: (j.needs ?? []).map((n) => n.value ?? String(n)) }));
    }
  } catch (error) {
    result.errors.push({ message: 'the workflow parser failed: ' + String(error && error.message || error).split('\\n')[0], phase: 'parse' });
  }
  out.push(result);
}
process.stdout.write(JSON.stringify(out));
`;

export function parserEntry(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const entry = path.join(dir, 'node_modules', '@actions', 'workflow-parser', 'dist', 'index.js');
    if (existsSync(entry)) return entry;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export async function parseWorkflows(inputs: { name: string; content: string }[], timeoutMs = 60_000): Promise<ParsedWorkflow[]> {
  const entry = parserEntry();
  if (!entry) throw new Error('@actions/workflow-parser is not installed: reinstall the plan package (npm install).');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', SCRIPT(pathToFileURL(entry).href)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = Buffer.concat(out).toString('utf8');
      if (code !== 0) {
        const why = signal ? `was stopped (${signal}) after ${timeoutMs} ms` : `exited ${code}`;
        reject(
          new Error(`the workflow parser process ${why}: ${Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' | ')}`),
        );
        return;
      }
      try {
        resolve(JSON.parse(text) as ParsedWorkflow[]);
      } catch {
        reject(new Error(`the workflow parser process printed no result: ${text.slice(0, 200)}`));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(inputs));
  });
}
