export interface DataPipelineGeneratorSchema {
  name: string;
  directory?: string;
  pipelineName?: string;
  description?: string;
  datasets?: string;
  schemaHours?: string;
  infraHours?: string;
  apiHours?: string;
  force?: boolean;
  skipFormat?: boolean;
}
