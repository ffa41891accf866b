// Event, catalog and user schemas with their codecs.
export * from './catalog-item.js';
export * from './codec.js';
export * from './engagement-event.js';
export * from './event-types.js';
export * from './field-errors.js';
export * from './primitives.js';
export * from './user-profile.js';
