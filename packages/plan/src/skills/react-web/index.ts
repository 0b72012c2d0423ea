export { apiModel } from './api-model';
export type { ApiModel, ClientOperation, FormField, WebResource } from './api-model';
export { REACT_WEB_DEPENDENCIES, renderReactWeb, WEB_IMAGE_PORT } from './render-react-web';
export type { ReactWebOptions } from './render-react-web';
