import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'typecheck/project-missing': { severity: 'error', help: 'The tsconfig the check compiles exists.' },
  'typecheck/not-installed': {
    severity: 'error',
    help: 'TypeScript is installed where the project can load it (npm install -D typescript).',
  },
  'typecheck/timeout': { severity: 'error', help: 'The compiler finishes within the timeout option.' },
  'typecheck/run-error': { severity: 'error', help: 'tsc runs and reports in its usual format.' },
  'TS*': {
    severity: 'error',
    help: 'A TypeScript compiler diagnostic: fix the code at its line.',
    uri: 'https://typescript.tv/errors/#{id}',
  },
});
export type TypecheckRule = RuleId<typeof rules>;
