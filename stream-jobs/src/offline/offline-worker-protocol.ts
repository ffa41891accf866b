// What the feature job's thread and the offline store's writer thread
// (offline-worker.ts) say to each other. No side effects: both import it.

export interface WorkerSettings {
  readonly dir: string;
  readonly progressDir: string;
  readonly flushEveryMs: number;
  readonly flushRows: number;
  readonly fsync: boolean;
}

export interface Processed {
  readonly topic: string;
  readonly partition: number;
  readonly lastOffset: string;
}

export type ToWorker =
  | { readonly type: 'append'; readonly kind: 'events' | 'catalog'; readonly processed: Processed; readonly json: string; readonly rows: number }
  | { readonly type: 'flush'; readonly id: number };

export type FromWorker =
  | { readonly type: 'written'; readonly rows: number }
  | { readonly type: 'flushed'; readonly id: number }
  | { readonly type: 'error'; readonly message: string; readonly buffered: number };

export const progressFileName = (topic: string, partition: number) => `${encodeURIComponent(topic)}-${partition}.json`;
