// The harness imports the edge worker's request pipeline, whose files name
// Workers runtime types (R2Bucket, DigestStream, WebAssembly in workerd):
// the root project type-checks bench/ with Node's types only, so the
// Workers' declarations are added for these files.
/// <reference types="@cloudflare/workers-types" />
