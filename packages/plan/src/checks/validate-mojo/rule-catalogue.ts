import { defineRules, RuleId } from '../rule-catalogue';

/** Every rule validate-mojo reports: what H2O's own MOJO reader would fail on (errors) or silently mis-read (warnings). */
export const rules = defineRules({
  'mojo/not-found': { severity: 'error', help: 'The MOJO exists: export it with model.download_mojo(path) or fix the path.' },
  'mojo/not-a-zip': { severity: 'error', help: 'The path is a MOJO zip or its exploded folder.' },
  'mojo/unreadable': { severity: 'error', help: 'The MOJO can be read completely: check permissions and that the file is not truncated.' },
  'mojo/corrupt-entry': { severity: 'error', help: 'Every zip entry decompresses: re-create the MOJO.' },
  'mojo/duplicate-entry': { severity: 'error', help: 'Each zip entry appears once: re-zip the MOJO.' },
  'mojo/unsafe-entry-name': {
    severity: 'error',
    help: 'Entry names and symlinks stay inside the MOJO (no absolute paths, no "..", no links outside).',
  },
  'mojo/too-many-entries': { severity: 'error', help: 'The MOJO holds at most maxEntries entries (raise the limit if genuine).' },
  'mojo/entry-too-large': { severity: 'error', help: 'No entry is larger than maxEntryMb uncompressed (raise the limit if genuine).' },
  'mojo/total-too-large': { severity: 'error', help: 'The MOJO is at most maxTotalMb uncompressed (raise the limit if genuine).' },
  'mojo/compression-ratio': {
    severity: 'error',
    help: 'No large entry expands beyond maxCompressionRatio (the signature of a zip bomb).',
  },
  'mojo/missing-model-ini': {
    severity: 'error',
    help: 'model.ini is at the MOJO root: export the model with download_mojo()/save_mojo().',
  },
  'mojo/nested-root': { severity: 'error', help: 'model.ini sits at the root, not in a sub-folder: re-zip from inside the MOJO folder.' },
  'mojo/ini-syntax': {
    severity: 'error',
    help: 'model.ini reads as H2O reads it: sections, key = value lines, UTF-8 without a byte-order mark.',
  },
  'mojo/duplicate-key': { severity: 'warning', help: 'Each [info] key is set once (H2O keeps the last value).' },
  'mojo/missing-key': { severity: 'error', help: 'Every key H2O requires in [info] is present.' },
  'mojo/missing-section': { severity: 'error', help: 'model.ini has its [columns] and [domains] sections.' },
  'mojo/value-type': { severity: 'error', help: 'Each [info] value has the type H2O parses it as (number, boolean, text).' },
  'mojo/n-columns': { severity: 'error', help: 'n_columns is set before [columns] and equals its number of lines.' },
  'mojo/n-features': {
    severity: 'warning',
    help: 'n_features equals the feature columns in [columns] (all but the response when supervised).',
  },
  'mojo/n-classes': { severity: 'error', help: 'n_classes fits the category (2 for Binomial, more for Multinomial).' },
  'mojo/unknown-algorithm': {
    severity: 'error',
    help: 'algorithm is one of the long names H2O writes (e.g. "Gradient Boosting Machine").',
  },
  'mojo/unknown-category': { severity: 'error', help: "category is one of H2O's model categories (Binomial, Regression, ...)." },
  'mojo/mojo-version': { severity: 'error', help: "mojo_version is one the algorithm's H2O reader accepts: export with a matching H2O." },
  'mojo/response-domain': {
    severity: 'warning',
    help: 'A classifier response column has a domain in [domains], so predictions name classes.',
  },
  'mojo/domain-index': { severity: 'info', help: 'Each [domains] entry refers to an existing column.' },
  'mojo/domain-file': { severity: 'error', help: 'Every domain file [domains] names exists under domains/.' },
  'mojo/domain-lines': { severity: 'error', help: 'Each domain file has exactly the declared number of levels, quotes closed.' },
  'mojo/glm-family': { severity: 'error', help: 'A GLM declares a family H2O knows (binomial, gaussian, poisson, ...).' },
  'mojo/glm-link': { severity: 'error', help: 'A GLM declares a link H2O knows that fits its family (logit, identity, log, ...).' },
  'mojo/glm-beta': { severity: 'error', help: 'A GLM has its beta coefficients, as many as its columns need.' },
  'mojo/glm-columns': { severity: 'warning', help: 'A GLM cats + nums equals the feature columns in [columns].' },
  'mojo/tree-files': { severity: 'error', help: 'A tree model declares n_trees and holds every tree file it implies.' },
  'mojo/xgboost-booster': { severity: 'error', help: 'An XGBoost MOJO holds its serialized booster, non-empty.' },
  'mojo/ensemble-submodel': { severity: 'error', help: 'Every nested model of a Stacked Ensemble is present and valid.' },
  'mojo/model-details': {
    severity: 'warning',
    help: 'experimental/modelDetails.json parses (otherwise the model metrics are unavailable).',
  },
  'mojo/genmodel': { severity: 'error', help: 'With genmodelJar: the jar exists and h2o-genmodel loads the MOJO within 120 s.' },
  'mojo/java-missing': { severity: 'error', help: 'With genmodelJar: java (JDK 11+) is on PATH or in JAVA_HOME.' },
});

export type MojoRule = RuleId<typeof rules>;
