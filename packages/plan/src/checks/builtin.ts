import { registerCheck } from './registry';

/** The built-in checks. Each module exports `check: CheckDefinition`; loaded on first use. */
registerCheck('files-exist', () => require('./files-exist/files-exist').check);
registerCheck('command', () => require('./command/command').check);
registerCheck('validate-schema', () => require('./validate-schema/validate-schema').check);
registerCheck('lint-endpoints', () => require('./lint-endpoints/lint-endpoints').check);
registerCheck('validate-pipeline', () => require('./validate-pipeline/validate-pipeline').check);
registerCheck('validate-mojo', () => require('./validate-mojo/validate-mojo').check);
registerCheck('scan-dockerfile', () => require('./scan-dockerfile/scan-dockerfile').check);
registerCheck('validate-ml-config', () => require('./validate-ml-config/validate-ml-config').check);
registerCheck('ml-contracts', () => require('./ml-contracts/ml-contracts').check);
