import { defineRules, RuleId } from '../rule-catalogue';

/** Every rule validate-terraform reports. */
export const rules = defineRules({
  'tf/not-found': { severity: 'error', help: 'Every path given is a .tf file or a module folder.' },
  'tf/empty-module': { severity: 'error', help: 'A module folder holds at least one .tf file.' },
  'tf/too-large': { severity: 'error', help: '.tf files are at most 16 MiB.' },
  'tf/syntax': { severity: 'error', help: "Every .tf file parses with HashiCorp's HCL parser." },
  'tf/undeclared-variable': { severity: 'error', help: 'Every var.<name> a module uses is declared in that module.' },
  'tf/module-source-missing': { severity: 'error', help: 'A local module source (./ or ../) exists.' },
  'tf/undeclared-provider': {
    severity: 'warning',
    help: 'The provider of every resource and data source is pinned in required_providers.',
  },
});

export type TerraformRule = RuleId<typeof rules>;
