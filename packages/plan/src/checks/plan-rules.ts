import { defineRules } from './rule-catalogue';

/**
 * Rules that `plan` itself reports inside a check's result, whatever the check: the check could not
 * run, or an imported command was not run because nobody approved it. SARIF looks here after the
 * check's own catalogue.
 */
export const PLAN_RULES = defineRules({
  'plan/check-failed': {
    severity: 'error',
    help: 'The check could not run (bad options, or an internal error of the check): the message says which.',
  },
  'plan/command-not-approved': {
    severity: 'error',
    help: 'A command that came from an imported document did not run: read it, then approve it with `plan approve <plan>`.',
  },
});
