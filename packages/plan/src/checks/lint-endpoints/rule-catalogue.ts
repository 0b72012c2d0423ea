import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'endpoints/not-found': { severity: 'error', help: 'A path given to the check does not exist.' },
  'endpoints/unreadable': { severity: 'error', help: 'A Python file cannot be read (permissions, not UTF-8).' },
  'endpoints/none-found': { severity: 'error', help: 'No FastAPI endpoint (@app/@router.get, .post, ...) was found in the files.' },
  'endpoints/missing-parameter-annotation': {
    severity: 'error',
    help: 'An endpoint parameter has no type annotation (every one but self/cls, *args, **kwargs needs one).',
  },
  'endpoints/missing-return-annotation': { severity: 'error', help: 'An endpoint has neither a return annotation nor response_model=.' },
  'python/interpreter-not-found': {
    severity: 'error',
    help: 'No usable Python 3 (with.python, a venv inside the workspace, python3 on PATH): the files were not compiled.',
  },
  'python/syntax-error': { severity: 'error', help: 'CPython cannot compile the file.' },
  'python/syntax-warning': {
    severity: 'warning',
    help: 'CPython compiles the file with a SyntaxWarning (e.g. an invalid escape sequence).',
  },
  'health/no-app': { severity: 'error', help: 'No FastAPI() application was found to start for GET /health.' },
  'health/skipped': { severity: 'info', help: 'The health probe did not run (syntax errors or no application).' },
  'health/missing-module': {
    severity: 'error',
    help: 'The interpreter lacks a package the app or the probe imports (fastapi, httpx or uvicorn).',
  },
  'health/import-error': { severity: 'error', help: 'Importing the application failed.' },
  'health/crashed': { severity: 'error', help: 'The probe process ended abnormally.' },
  'health/timeout': { severity: 'error', help: 'The app did not answer GET /health within with.healthTimeout seconds.' },
  'health/request-error': { severity: 'error', help: 'GET /health raised an error in the app.' },
  'health/status': { severity: 'error', help: 'GET /health did not answer 200 (or the app has no /health route).' },
});

export type LintEndpointsRule = RuleId<typeof rules>;
