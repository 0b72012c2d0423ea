export interface ApiServiceGeneratorSchema {
  name: string;
  directory?: string;
  serviceName?: string;
  description?: string;
  resources?: string;
  backendFramework?: string;
  contractHours?: string;
  infraHours?: string;
  foundationHours?: string;
  force?: boolean;
  skipFormat?: boolean;
}
