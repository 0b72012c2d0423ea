export interface MicroservicesGeneratorSchema {
  name: string;
  directory?: string;
  title?: string;
  description?: string;
  services?: string;
  events?: string;
  addService?: string;
  force?: boolean;
  skipFormat?: boolean;
}
