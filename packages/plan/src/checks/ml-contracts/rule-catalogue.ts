import { defineRules, RuleId } from '../rule-catalogue';
import { configFileRules, specColumnRules, tableSpecRules } from '../validate-ml-config/rule-catalogue';

/** Every rule ml-contracts reports: a side that cannot be read, or two sides of a contract that disagree. */
export const rules = defineRules({
  ...configFileRules('ml-contracts'),
  ...tableSpecRules('ml-contracts'),
  ...specColumnRules('ml-contracts'),
  // The same ids as the config's, for the Python sides too (request model, exporter).
  'ml-contracts/not-found': { severity: 'error', help: 'Every file compared exists: create it (its task writes it) or fix the option.' },
  'ml-contracts/not-a-file': { severity: 'error', help: 'Every path compared is a regular file, not a folder.' },
  'ml-contracts/too-large': {
    severity: 'error',
    help: 'The config and Python files compared are of a sensible size (larger ones are refused unread).',
  },
  'ml-contracts/unreadable': { severity: 'error', help: 'Every file compared can be read: check its permissions.' },
  'ml-contracts/config-invalid': {
    severity: 'error',
    help: 'ml/config.yaml reads as a mapping with a data.features list: run validate-ml-config on it first.',
  },
  'ml-contracts/mojo-missing': { severity: 'error', help: 'The MOJO exists: train the model (the training task exports it).' },
  'ml-contracts/mojo-invalid': {
    severity: 'error',
    help: "The MOJO's columns can be read: run validate-mojo on it and re-export the model.",
  },
  'ml-contracts/request-class-missing': { severity: 'error', help: 'The request model file defines the named module-level class.' },
  'ml-contracts/table-name-missing': { severity: 'error', help: "The data exporter has a module-level TABLE_NAME = '<table>'." },
  'ml-contracts/table-name-invalid': { severity: 'error', help: 'TABLE_NAME is a plain string literal.' },
  'ml-contracts/table-name': {
    severity: 'error',
    help: "The exporter's TABLE_NAME equals data.table of the config and is a table of the schema.",
  },
  'ml-contracts/mojo-features': {
    severity: 'error',
    help: "The MOJO's feature columns are exactly data.features (as sets): retrain and re-export.",
  },
  'ml-contracts/mojo-response': { severity: 'error', help: 'The MOJO predicts data.target.' },
  'ml-contracts/request-fields': { severity: 'error', help: "The request model's fields are exactly the model's features." },
});

export type MlContractsRule = RuleId<typeof rules>;
