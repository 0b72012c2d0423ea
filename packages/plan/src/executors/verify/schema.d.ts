export interface VerifyExecutorSchema {
  plan?: string;
  task?: string;
  item?: string;
  format?: 'text' | 'json';
  pluginVersion?: string;
  error?: string;
  gate?: string[];
}
