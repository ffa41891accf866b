// Entry of a content-embedding worker thread: registers tsx (the project runs
// from TypeScript sources), then loads the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./content-worker.ts');
