export interface ImportGeneratorSchema {
  file: string;
  name?: string;
  directory?: string;
  kind?: 'ml-app' | 'api-service' | 'web-app' | 'mobile-app' | 'data-pipeline' | 'microservices' | 'custom';
  var?: string[];
  python?: string;
  force?: boolean;
}
