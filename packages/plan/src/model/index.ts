export * from './plan-schema';
export * from './diagnostics';
export * from './loader';
export * from './graph';
export * from './render-markdown';
