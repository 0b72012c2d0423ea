import { formatDiagnostic } from '../model/diagnostics';
import { CheckResult } from './contract';
import { formatJson, formatSarif, formatText } from './format';

const hostile: CheckResult = {
  check: 'scan-dockerfile',
  ok: false,
  findings: [
    {
      rule: 'DL3002',
      severity: 'error',
      message: 'Last USER is \u001b[31mroot\u001b[0m \u202egnp.exe\u2069 here\u0085',
      file: 'evil\u0007\u009bname\u2066/Dockerfile',
      line: 3,
      column: 1,
    },
  ],
};

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('control characters in printed output', () => {
  it('text output escapes C0, C1, ESC sequences and bidi overrides in messages and file names', () => {
    const text = formatText([hostile]);
    expect(text).not.toMatch(RAW);
    expect(text).toContain(
      'evil\\x07\\x9bname\\u2066/Dockerfile:3:1  error  Last USER is \\x1b[31mroot\\x1b[0m \\u202egnp.exe\\u2069 here\\x85',
    );
  });

  it('SARIF and JSON messages carry the escapes; SARIF URIs percent-encode them', () => {
    const sarif = JSON.parse(formatSarif([hostile], '0.0.0'));
    const result = sarif.runs[0].results[0];
    expect(result.message.text).toBe('Last USER is \\x1b[31mroot\\x1b[0m \\u202egnp.exe\\u2069 here\\x85');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('evil%07%C2%9Bname%E2%81%A6/Dockerfile');
    const json = JSON.parse(formatJson([hostile]));
    expect(json.findings[0].message).not.toMatch(RAW);
    expect(json.findings[0].file).toBe('evil\\x07\\x9bname\\u2066/Dockerfile');
  });

  it('keeps tabs, newlines and ordinary unicode as they are', () => {
    const text = formatText([{ ...hostile, findings: [{ ...hostile.findings[0], message: 'a\tb é 𝔘 🔥', file: 'Dockerfile' }] }]);
    expect(text).toContain('a\tb é 𝔘 🔥');
  });

  it('plan diagnostics escape the file, message and key path', () => {
    const line = formatDiagnostic({
      code: 'schema',
      file: 'p\u001blan.yaml',
      line: 2,
      column: 5,
      message: 'Unknown key "\u202ex"',
      path: 'a\u0000b',
    });
    expect(line).toBe('p\\x1blan.yaml:2:5  error  Unknown key "\\u202ex"  (a\\x00b)');
  });
});
