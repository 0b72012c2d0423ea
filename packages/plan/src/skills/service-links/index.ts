export { CATALOG_PATH, renderCatalog } from './render-catalog';
export { buildEventsDocument, EVENTS_PATH, renderEventsYaml } from './render-events';
export { renderServiceLinks } from './render-links';
export { defaultProducer, eventNames } from './system';
export type { MicroSystem, SystemEvent, SystemService } from './system';
