// Fresh items (R12): new items embedded by content until the next full build.
export * from './fresh-items.js';
export * from './fresh-delta-codec.js';
