// The artifact store port: a flat object store, one per region (R2 in
// production and locally through Miniflare; a map in unit tests). Every
// implementation passes `store-conformance.ts`. Writes of one object are
// atomic (readers see the old or the new body, never a mix); nothing spans
// objects — the shipping protocol (manifest last, pointer after) builds
// atomic versions on top of that.

export interface StoredObject {
  readonly key: string;
  readonly size: number;
  /** When the object was last written. */
  readonly uploaded: Date;
}

export interface ArtifactStore {
  /** The region (or test) this store belongs to, for messages. */
  readonly name: string;
  put(key: string, body: Uint8Array): Promise<void>;
  /** The object's bytes, or null when it does not exist. */
  get(key: string): Promise<Uint8Array | null>;
  /** Every object whose key starts with `prefix`, sorted by key (implementations page internally). */
  list(prefix: string): Promise<StoredObject[]>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: readonly string[]): Promise<void>;
}
