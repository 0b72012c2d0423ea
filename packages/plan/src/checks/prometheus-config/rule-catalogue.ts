import { inputRules } from '../contract-files/read-input';
import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  ...inputRules('prometheus'),
  'prometheus/promtool-missing': {
    severity: 'error',
    help: 'promtool is not installed (Debian: apt-get install prometheus) or with.promtool is wrong: the file was not checked.',
  },
  'prometheus/config': { severity: 'error', help: '`promtool check config` rejects the Prometheus configuration.' },
  'prometheus/rules': { severity: 'error', help: '`promtool check rules` rejects a rule file (syntax, PromQL expression, labels).' },
});

export type PrometheusRule = RuleId<typeof rules>;
