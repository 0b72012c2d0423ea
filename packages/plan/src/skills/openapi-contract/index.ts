export {
  buildContract,
  contractOperations,
  createExample,
  defaultIssuer,
  fieldSchema,
  pathPrefix,
  PROBLEM_MEDIA,
  resourceExample,
} from './build-contract';
export type { ContractOperation, ContractOptions, OpenApiDocument } from './build-contract';
export { CONTRACT_PATH, renderContractYaml } from './render-contract';
export { RESOURCE_NAME, resourceModel, resourceModels, singularOf } from './resource-model';
export type { FieldModel, FieldType, ResourceModel } from './resource-model';
export { renderRequirements, REQUIREMENTS_CHECK, REQUIREMENTS_PATH } from './render-requirements';
