export { createNodes } from './src/plugins/plugin';
export type { PlanPluginOptions } from './src/plugins/plugin';
