export interface MlAppGeneratorSchema {
  name: string;
  directory?: string;
  projectName?: string;
  projectDescription?: string;
  functionalRequirements?: string;
  nonFunctionalRequirements?: string;
  constraints?: string;
  schemaName?: string;
  pipelineName?: string;
  modelName?: string;
  additionalNotes?: string;
  python?: string;
  force?: boolean;
  skipFormat?: boolean;
}
