export interface WebAppGeneratorSchema {
  name: string;
  directory?: string;
  projectName?: string;
  overview?: string;
  resources?: string;
  backendFramework?: string;
  frontendFramework?: string;
  contractHours?: string;
  environmentHours?: string;
  scaffoldingHours?: string;
  force?: boolean;
  skipFormat?: boolean;
}
