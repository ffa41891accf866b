// The HTTP surface of the edge worker. Routes are added here as the serving
// path grows; each route reads top to bottom from request to response.
import { Hono } from 'hono';
import type { Env } from './env.js';

export function createApp(): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>();

  app.get('/healthz', (c) => c.json({ status: 'ok', region: c.env.REGION }));

  app.notFound((c) => c.json({ error: 'not_found', path: new URL(c.req.url).pathname }, 404));

  return app;
}
