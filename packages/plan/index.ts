/** Public API: the Nx plugin (createNodes) plus the model and checks for programmatic use. */
export { createNodes } from './src/plugins/plugin';
export type { PlanPluginOptions } from './src/plugins/plugin';
export * from './src/model';
export * from './src/checks/contract';
export { registerCheck, checkNames, getCheck } from './src/checks/registry';
export { runCheck } from './src/checks/run-check';
export { verifyPlan, verifyTask, plannedChecks } from './src/checks/verify-plan';
