/**
 * HashiCorp's own HCL parser (Go, compiled to wasm in @cdktn/hcl2json): a .tf file as the JSON
 * Terraform would read, or the parser's first diagnostic with its position. Loaded on first use.
 */
type Hcl2Json = { parse(fileName: string, contents: string): Promise<Record<string, unknown>> };
let loaded: Hcl2Json | undefined;
const hcl = () => (loaded ??= require('@cdktn/hcl2json') as Hcl2Json);

export interface HclDiagnostic {
  line: number;
  column: number;
  summary: string;
  detail: string;
}

// The parser names the file in its message; a fixed name keeps odd file names out of the pattern.
const NAME = 'input.tf';
const DIAGNOSTIC = /input\.tf:(\d+),(\d+)-[\d,]+: ([^;\]]+);?\s*([^\]]*)\]?/;

export async function parseHcl(text: string): Promise<{ value: Record<string, unknown> } | { diagnostic: HclDiagnostic }> {
  try {
    return { value: await hcl().parse(NAME, text) };
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    const m = DIAGNOSTIC.exec(message);
    if (!m) return { diagnostic: { line: 1, column: 1, summary: message.replace(/^parse config: /, '').slice(0, 300), detail: '' } };
    return {
      diagnostic: { line: Number(m[1]), column: Number(m[2]), summary: m[3].trim(), detail: m[4].replaceAll(NAME, 'this file').trim() },
    };
  }
}
