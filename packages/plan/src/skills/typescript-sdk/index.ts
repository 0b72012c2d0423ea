export { renderSdk, SDK_DEPENDENCIES, SDK_FILES } from './render-sdk';
export type { SdkOptions } from './render-sdk';
export { sdkOperations, sdkSource, typeOf } from './sdk-code';
